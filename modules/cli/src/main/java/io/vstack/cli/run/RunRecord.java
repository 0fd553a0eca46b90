package io.vstack.cli.run;

import akka.actor.typed.ActorSystem;
import io.vstack.cli.InputError;
import io.vstack.cli.Version;
import io.vstack.cluster.catalogue.Catalogue;
import io.vstack.cluster.catalogue.RunEntry;
import io.vstack.model.config.Scenario;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run's entry in the run catalogue: recorded as started before the simulation and as complete or failed after.
 * The catalogue is bookkeeping: if it cannot be reached, the run goes on and says so on stderr.
 */
final class RunRecord {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);
  /** Runs this process has started: a library caller or a test may start several of one name within a second. */
  private static final AtomicInteger STARTED = new AtomicInteger();

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
    int nth = STARTED.incrementAndGet();
    String id = scenario.name() + "-" + STAMP.format(now) + "-" + ProcessHandle.current().pid()
        + (nth == 1 ? "" : "-" + nth);
    try {
      Catalogue catalogue = new Catalogue(system, id);
      catalogue.started(entry(id, scenario, now));
      return new RunRecord(catalogue, id, err);
    } catch (RuntimeException e) {
      return unrecorded(id, err, e);
    }
  }

  /**
   * Records run {@code resumed} as run again by this process, keeping its first start; a run the catalogue never
   * recorded (its catalogue was unavailable then) is recorded as started now.
   */
  static RunRecord resume(Scenario scenario, RunCheckpoints.Resumable resumed, PrintWriter err) {
    Catalogue catalogue = resumed.catalogue();
    if (catalogue == null) {
      return unrecorded(resumed.id(), err, null);
    }
    try {
      if (catalogue.recorded() == null) {
        catalogue.started(entry(resumed.id(), scenario, Instant.now()));
      } else {
        catalogue.resumedHere();
      }
      return new RunRecord(catalogue, resumed.id(), err);
    } catch (RuntimeException e) {
      return unrecorded(resumed.id(), err, e);
    }
  }

  /** Refuses to resume run {@code id} while the process that runs it ({@code entry}'s, if any) is alive. */
  static void refuseIfRunning(RunEntry entry, String id) {
    if (entry != null && entry.displayStatus().equals("running")) {
      throw new InputError("run " + id + " is still running (process " + entry.pid() + "); stop it before "
          + "resuming it");
    }
  }

  private static RunEntry entry(String id, Scenario scenario, Instant now) {
    return RunEntry.startedHere(id, scenario.name(), scenario.seed(), new Version().getVersion()[0], now);
  }

  private static RunRecord unrecorded(String id, PrintWriter err, RuntimeException e) {
    err.println("vstack: warning: run catalogue unavailable, this run is not recorded"
        + (e == null ? "" : ": " + e.getMessage()));
    err.flush();
    return new RunRecord(null, id, err);
  }

  String id() {
    return id;
  }

  /** Records the end of the run: {@code complete}, or {@code failed} for {@code reason}. */
  void finish(String status, String location, String reason) {
    if (catalogue == null) {
      return;
    }
    try {
      catalogue.finished(status, location, reason);
    } catch (RuntimeException e) {
      err.println("vstack: warning: could not record the end of run " + id + ": " + e.getMessage());
      err.flush();
    }
  }
}
