package io.vstack.workload.autoscale;

import java.io.Serializable;

/** A service's offered load over virtual time, requests per second: generated ({@link LoadCurve}) or from a trace. */
public interface Load extends Serializable {

  /** Offered load at virtual time {@code t} (from the start of the run), requests/s. */
  double at(long t);

  /** How long the load runs, virtual ns. */
  long durationNs();
}
