package io.vstack.cli.run;

import akka.actor.typed.ActorSystem;
import io.vstack.cli.InputError;
import io.vstack.cli.Version;
import io.vstack.cluster.catalogue.Catalogue;
import io.vstack.cluster.catalogue.RunCatalogue;
import io.vstack.model.config.Scenario;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A run's entry in the run catalogue: recorded as started before the simulation and as complete or failed after.
 * The catalogue is bookkeeping: if it cannot be reached, the run goes on and says so on stderr.
 */
final class RunRecord {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private final Catalogue catalogue;
  private final String id;
  private final PrintWriter err;

  private RunRecord(Catalogue catalogue, String id, PrintWriter err) {
    this.catalogue = catalogue;
    this.id = id;
    this.err = err;
  }

  static RunRecord start(ActorSystem<?> system, Scenario scenario, PrintWriter err) {
    Instant now = Instant.now();
    return start(system, scenario, scenario.name() + "-" + STAMP.format(now) + "-" + ProcessHandle.current().pid(),
        false, err);
  }

  /** Records run {@code id} as started again, by this process; refused while the process that ran it is alive. */
  static RunRecord resume(ActorSystem<?> system, Scenario scenario, String id, PrintWriter err) {
    return start(system, scenario, id, true, err);
  }

  /**
   * Records run {@code id} as started; when {@code resuming}, first checks that its earlier process is gone. One
   * {@link Catalogue} per process serves both: the journal allows one writer.
   */
  private static RunRecord start(ActorSystem<?> system, Scenario scenario, String id, boolean resuming,
      PrintWriter err) {
    Instant now = Instant.now();
    Catalogue catalogue;
    try {
      catalogue = new Catalogue(system);
    } catch (RuntimeException e) {
      err.println("vstack: warning: run catalogue unavailable, this run is not recorded: " + e.getMessage());
      err.flush();
      return new RunRecord(null, id, err);
    }
    try {
      if (resuming) {
        refuseIfRunning(catalogue, id);
      }
      catalogue.started(new RunCatalogue.Entry(id, scenario.name(), scenario.seed(), new Version().getVersion()[0],
          now.toString(), ProcessHandle.current().pid(), "started", ""));
      return new RunRecord(catalogue, id, err);
    } catch (InputError e) {
      throw e;
    } catch (RuntimeException e) {
      err.println("vstack: warning: run catalogue unavailable, this run is not recorded: " + e.getMessage());
      err.flush();
      return new RunRecord(null, id, err);
    }
  }

  private static void refuseIfRunning(Catalogue catalogue, String id) {
    catalogue.runs().stream().filter(e -> e.id().equals(id))
        .filter(e -> Catalogue.displayStatus(e).equals("running")).findFirst().ifPresent(e -> {
          throw new InputError("run " + id + " is still running (process " + e.pid() + "); stop it before "
              + "resuming it");
        });
  }

  String id() {
    return id;
  }

  void finish(String status, String location) {
    if (catalogue == null) {
      return;
    }
    try {
      catalogue.finished(id, status, location);
    } catch (RuntimeException e) {
      err.println("vstack: warning: could not record the end of run " + id + ": " + e.getMessage());
      err.flush();
    }
  }
}
