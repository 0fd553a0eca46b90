package io.vstack.engine.hosted;

import java.io.Serializable;
import java.util.List;

/**
 * Builds a model from a spec that crosses the wire, so that a cluster member can host any model: the run plan
 * names the factory, every member finds it with {@link ModelFactories} and builds the same model from the same
 * spec. Registered as a {@code java.util.ServiceLoader} service (a public class with a public constructor
 * without parameters).
 *
 * @param <S> the spec: a record the factory owns, shipped whole to every member
 */
public abstract class ModelFactory<S extends Serializable> {
  private final String name;
  private final Class<S> specType;

  /** A factory that run plans name {@code name}, building from specs of class {@code specType}. */
  protected ModelFactory(String name, Class<S> specType) {
    this.name = name;
    this.specType = specType;
  }

  /** The name run plans give this factory. */
  public final String name() {
    return name;
  }

  /** The class of this factory's specs: a value allowed on the wire. */
  public final Class<S> specType() {
    return specType;
  }

  /** This member's instance of the model {@code spec} describes. */
  public abstract HostedModel build(S spec);

  /** Classes whose nested records and enums are this model's wire protocol (messages, reports). */
  public abstract List<Class<?>> wireOwners();

  /**
   * Types of what crosses inside a message where the declared type is not concrete (an event's payload between
   * processes, a final report): nested records and enums of {@link #wireOwners} of these types are allowed.
   */
  public abstract List<Class<?>> wireValues();

  /** {@link #build} of a spec received as a plain value; refused when it is not this factory's. */
  public final HostedModel buildFrom(Serializable spec) {
    if (!specType.isInstance(spec)) {
      throw new IllegalArgumentException("model factory " + name + " builds from a " + specType.getSimpleName()
          + ", not a " + (spec == null ? "null" : spec.getClass().getSimpleName()));
    }
    return build(specType.cast(spec));
  }
}
