package io.vstack.engine.hosted;

import java.io.Serializable;

/** The model of a hosted run: the name of its {@link ModelFactory} and the spec that factory builds it from. */
public record ModelSpec(String factory, Serializable spec) implements Serializable {

  /** This spec's model, built by its factory. */
  public HostedModel build() {
    return ModelFactories.named(factory).buildFrom(spec);
  }
}
