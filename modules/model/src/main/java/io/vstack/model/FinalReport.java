package io.vstack.model;

import java.io.Serializable;

/** A component's final figures after a run ({@link Component#report()}), read by type in {@code FinalState}. */
public interface FinalReport extends Serializable {
}
