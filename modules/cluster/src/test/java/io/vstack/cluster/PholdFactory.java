package io.vstack.cluster;

import io.vstack.engine.LogicalProcess;
import io.vstack.engine.Model;
import io.vstack.engine.hosted.HostedModel;
import io.vstack.engine.hosted.ModelFactory;
import io.vstack.engine.phold.Phold;
import java.util.List;

/**
 * The engine's PHOLD benchmark hosted by name ({@value #NAME}), a model the cluster module knows nothing of: each
 * process reports the checksum of the balls it handled.
 */
public final class PholdFactory implements ModelFactory<Phold> {
  static final String NAME = "phold";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<Phold> specType() {
    return Phold.class;
  }

  @Override
  public HostedModel build(Phold phold) {
    Phold.Process[] made = new Phold.Process[phold.processCount()];
    Model model = new Model() {
      @Override
      public int processCount() {
        return phold.processCount();
      }

      @Override
      public long lookahead() {
        return phold.lookahead();
      }

      @Override
      public LogicalProcess<?> newProcess(int id) {
        made[id] = (Phold.Process) phold.newProcess(id);
        return made[id];
      }

      @Override
      public void restored(int id, LogicalProcess<?> process) {
        made[id] = (Phold.Process) process;
      }
    };
    return new HostedModel() {
      @Override
      public Model model() {
        return model;
      }

      @Override
      public Object report(int id) {
        return made[id] == null ? null : made[id].checksum();
      }
    };
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
