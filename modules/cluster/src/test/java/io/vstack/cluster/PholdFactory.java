package io.vstack.cluster;

import io.vstack.engine.Model;
import io.vstack.engine.RecordedPhold;
import io.vstack.engine.hosted.HostedModel;
import io.vstack.engine.hosted.ModelFactory;
import io.vstack.engine.phold.Phold;
import java.util.List;

/**
 * The engine's PHOLD benchmark hosted by name ({@value #NAME}), a model the cluster module knows nothing of: each
 * process reports the checksum of the balls it handled.
 */
public final class PholdFactory extends ModelFactory<Phold> {
  static final String NAME = "phold";

  public PholdFactory() {
    super(NAME, Phold.class);
  }

  @Override
  public HostedModel build(Phold phold) {
    RecordedPhold model = new RecordedPhold(phold);
    return new HostedModel(model, id -> model.process(id) == null ? null : model.process(id).checksum());
  }

  @Override
  public List<Class<?>> wireOwners() {
    return List.of(Phold.class);
  }

  @Override
  public List<Class<?>> wireValues() {
    return List.of(Phold.Ball.class);
  }
}
