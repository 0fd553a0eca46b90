package io.vstack.workload.experiment;

import io.vstack.engine.DeliveryListener;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.WorkloadDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent scenarios for an experiment, several at once. Each run is a whole simulation on the
 * sequential executor in its own thread, so its result depends only on its scenario and seed, never on how many
 * run side by side; results come back in submission order. Every run's invariants must hold.
 */
public final class Sweep {
  private final Path confDir;
  private final Path costModel;
  private final List<String> overrides;
  private final int jobs;
  private final boolean quick;
  private final Progress progress;

  /** Told how many of a batch's runs have finished, after each one. */
  @FunctionalInterface
  public interface Progress {
    void update(int done, int total);
  }

  /**
   * @param overrides user's {@code --set} overrides, applied on top of each experiment's own settings
   * @param jobs      simulations run at once
   * @param quick     reduced sizes (what the test suite runs)
   * @param progress  told how many runs of a batch have finished
   */
  public Sweep(Path confDir, List<String> overrides, int jobs, boolean quick, Progress progress) {
    this(confDir, null, overrides, jobs, quick, progress);
  }

  /** As above, with the cost model read from {@code costModel} instead of {@code conf/cost-model.conf}. */
  public Sweep(Path confDir, Path costModel, List<String> overrides, int jobs, boolean quick, Progress progress) {
    if (jobs <= 0) {
      throw new IllegalArgumentException("jobs must be > 0, was " + jobs);
    }
    this.confDir = confDir;
    this.costModel = costModel;
    this.overrides = List.copyOf(overrides);
    this.jobs = jobs;
    this.quick = quick;
    this.progress = progress;
  }

  public boolean quick() {
    return quick;
  }

  /** The default scenario with the experiment's settings, then the user's overrides. */
  public Scenario scenario(String... settings) {
    List<String> all = new ArrayList<>(List.of(settings));
    all.addAll(overrides);
    return Scenario.load(confDir, null, all, costModel);
  }

  /** File {@code name} of the configuration directory. */
  public Path confFile(String name) {
    return confDir.resolve(name);
  }

  /** A file named in a scenario: as given if absolute or present, else relative to the repository root. */
  public Path resolve(String file) {
    Path p = Path.of(file);
    if (p.isAbsolute() || Files.exists(p)) {
      return p;
    }
    Path root = confDir.toAbsolutePath().getParent();
    return root == null ? p : root.resolve(file);
  }

  /** One simulation of a sweep: a scenario and the driver of its workload. */
  public record Job(Scenario scenario, XenModel.DriverFactory driver) {
  }

  public List<ScenarioRun> run(List<Scenario> scenarios) {
    return runJobs(scenarios.stream().map(s -> new Job(s, WorkloadDriver::new)).toList());
  }

  public List<ScenarioRun> runJobs(List<Job> batch) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, Math.max(1, batch.size())));
    try {
      List<Future<ScenarioRun>> futures = new ArrayList<>();
      int[] done = {0};
      for (Job job : batch) {
        futures.add(pool.submit(() -> {
          ScenarioRun run = ScenarioRun.run(job.scenario(), new SequentialExecutor(), DeliveryListener.NONE,
              job.driver());
          synchronized (done) {
            progress.update(++done[0], batch.size());
          }
          return run;
        }));
      }
      List<ScenarioRun> runs = new ArrayList<>();
      for (Future<ScenarioRun> f : futures) {
        runs.add(f.get());
      }
      for (ScenarioRun run : runs) {
        if (!run.violations().isEmpty()) {
          throw new IllegalStateException("invariants violated in " + run.scenario().name() + " ("
              + run.summary().configuration() + "): " + run.violations());
        }
      }
      return runs;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
