package io.vstack.workload.golden;

import io.vstack.model.config.ConfigReader;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.Scenario;
import io.vstack.model.config.Switches;
import io.vstack.model.domain.Domain;
import io.vstack.model.host.FinalState;
import io.vstack.model.results.RunSummary;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.chaos.FaultText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A run's golden log, in the style of SimGrid's {@code .tesh} files: its lifecycle events one per line, stamped with
 * virtual time, between a header saying what was run and a footer with the figures the run is judged by. It is built
 * from the run's final state only (operation results with their phases, domain reports, the scenario's faults), so
 * it is the same on every executor, and its lines are ordered by time, then guest (host-wide lines first), then a
 * fixed order of {@link Step}s: nothing of the run's scheduling reaches it.
 */
public record GoldenLog(List<String> header, List<Event> events, List<String> footer) {

  /** What a line reports, in the order lines of one guest at one time are listed. */
  public enum Step {
    fault, create_requested, create_phase, create_done, create_failed, running, crashed, destroy_requested,
    destroy_phase, destroy_done, destroy_failed
  }

  /** The guest of host-wide lines (faults). */
  public static final int HOST = -1;

  /**
   * One line: {@code step} of {@code guest} (or {@link #HOST}) at virtual time {@code at} (ns). A phase line is
   * stamped when the phase ended and {@code took} is how long it ran (ns); a phase that was cut short by a killed xl
   * is stamped when it started, with {@code took} -1. {@code phase} is null on the other lines.
   */
  public record Event(long at, int guest, Step step, Phase phase, long took, String text) {

    /** When the line's phase started, or the line's time. */
    long since() {
      return took < 0 ? at : at - took;
    }

    public String line() {
      return String.format(Locale.ROOT, "%11.3f ms  %-8s  %s", at / 1e6, guest == HOST ? "host" : "guest " + guest,
          text);
    }
  }

  private static final Comparator<Event> ORDER = Comparator.comparingLong(Event::at).thenComparingInt(Event::guest)
      .thenComparing(Event::step).thenComparingLong(Event::since)
      .thenComparingInt(e -> e.phase() == null ? -1 : e.phase().ordinal());

  public static GoldenLog of(ScenarioRun run) {
    FinalState state = run.model().finalState();
    List<Domain.Report> domains = new ArrayList<>();
    for (int g = 0; g < state.layout().guests(); g++) {
      domains.add(state.domain(g));
    }
    return new GoldenLog(header(run.scenario()),
        events(run.scenario().faults(), RunSummary.operations(state), domains), footer(run.summary()));
  }

  /** The lines of {@code faults}, {@code operations} (creations and destructions) and {@code domains}, in order. */
  public static List<Event> events(List<FaultSpec> faults, List<OperationResult> operations,
      List<Domain.Report> domains) {
    List<Event> events = new ArrayList<>();
    for (FaultSpec f : faults) {
      events.add(new Event(f.at(), HOST, Step.fault, null, -1,
          "fault " + FaultText.type(f) + ": " + FaultText.target(f)));
    }
    for (OperationResult r : operations) {
      if (r.operation().kind() != Operation.Kind.prepare) {
        addOperation(events, r);
      }
    }
    for (Domain.Report d : domains) {
      if (d.runningAt() >= 0) {
        events.add(new Event(d.runningAt(), d.guest(), Step.running, null, -1, "running as domain " + d.domid()));
      }
      if (d.crashedAt() >= 0) {
        events.add(new Event(d.crashedAt(), d.guest(), Step.crashed, null, -1, "crashed while booting"));
      }
    }
    events.sort(ORDER);
    return List.copyOf(events);
  }

  private static void addOperation(List<Event> events, OperationResult r) {
    Operation op = r.operation();
    boolean create = op.kind() == Operation.Kind.create;
    String kind = op.kind().name();
    events.add(new Event(op.requestedAt(), op.guest(), create ? Step.create_requested : Step.destroy_requested,
        null, -1, kind + " requested"));
    Step phaseStep = create ? Step.create_phase : Step.destroy_phase;
    for (Phase p : Phase.values()) {
      long start = r.phaseStart()[p.ordinal()];
      long end = r.phaseEnd()[p.ordinal()];
      if (start >= 0 && end >= 0) {
        events.add(new Event(end, op.guest(), phaseStep, p, end - start,
            String.format(Locale.ROOT, "%-7s %-16s took %10.3f ms", kind, p.name(), (end - start) / 1e6)));
      } else if (start >= 0) {
        events.add(new Event(start, op.guest(), phaseStep, p, -1,
            String.format(Locale.ROOT, "%-7s %-16s started, never finished", kind, p.name())));
      }
    }
    StringBuilder end = new StringBuilder(kind);
    end.append(r.ok() ? " done on worker " : " failed on worker ").append(r.worker());
    if (!r.ok()) {
      end.append(": ").append(r.failure());
    }
    if (op.shell() != null) {
      end.append(", from a prepared shell");
    }
    if (r.retries() > 0) {
      end.append(", ").append(r.retries()).append(r.retries() == 1 ? " Xenstore retry" : " Xenstore retries");
    }
    Step step = create ? (r.ok() ? Step.create_done : Step.create_failed)
        : (r.ok() ? Step.destroy_done : Step.destroy_failed);
    events.add(new Event(r.finishedAt(), op.guest(), step, null, -1, end.toString()));
  }

  static List<String> header(Scenario s) {
    Switches w = s.switches();
    String workers = w.workers() + (w.workers() == 1 ? " worker" : " workers");
    String toolstack = w.xenopsd() ? "xenopsd, " + workers + ", numa-placement " + ConfigReader.spelling(w.numa())
        : "xl " + ConfigReader.spelling(w.mode()) + (w.balloons() ? " (autoballoon)" : "") + ", " + workers
            + (w.noxs() ? ", noxs" : "") + (w.shells().enabled() ? ", " + w.shells().label() : "");
    return List.of(
        String.format(Locale.ROOT, "# scenario %s, seed %d: %d guests of %d MiB on %s, %s, destroy %s", s.name(),
            s.seed(), s.workload().guests(), s.guest().memoryMib(), s.host().name(),
            ConfigReader.spelling(s.workload().pattern()), ConfigReader.spelling(s.workload().destroy())),
        String.format(Locale.ROOT, "# configuration %s: %s; xenstore cache %s, %d shard%s, backends %s; scrub %s",
            w.label(), toolstack, w.cache() ? "on" : "off", w.shards(), w.shards() == 1 ? "" : "s",
            ConfigReader.spelling(w.backends()), ConfigReader.spelling(w.scrub())),
        "# virtual time  who       what (a phase is listed when it ended, with how long it took)");
  }

  static List<String> footer(RunSummary s) {
    return List.of(
        String.format(Locale.ROOT, "# created %d (failed %d), destroyed %d (failed %d), crashed %d, xl killed %d, "
            + "cleaned up after %d", s.created(), s.createFailed(), s.destroyed(), s.destroyFailed(),
            s.crashedGuests(), s.xlKilled(), s.leftoversCleaned()),
        String.format(Locale.ROOT, "# boot makespan %.3f ms, destroy makespan %.3f ms, memory clean %.3f ms after "
            + "the first destroy", s.bootMakespanMs(), s.destroyMakespanMs(), s.memoryCleanMs()),
        String.format(Locale.ROOT, "# xl lock wait %.3f ms, domctl lock wait %.3f ms; shells prepared %d, used %d, "
            + "left %d", s.xlLockWaitMs(), s.domctlLockWaitMs(), s.shellsPrepared(), s.createdFromShells(),
            s.shellsLeft()),
        String.format(Locale.ROOT, "# xenstore requests %d, retries %d, cache hits %d, cross-shard transactions %d "
            + "(aborted %d), xenstored restarts %d", s.xenstoreOpsTotal(), s.xenstoreRetries(), s.cacheHits(),
            s.crossShardTransactions(), s.crossShardAborts(), s.xenstoredRestarts()),
        String.format(Locale.ROOT, "# scrubbed pages local %d, remote %d, by allocations %d; pCPU time offline %.3f "
            + "ms, work interrupted %d", s.scrubbedLocalPages(), s.scrubbedRemotePages(), s.allocationScrubbedPages(),
            s.pcpuOfflineMs(), s.interruptedWork()));
  }

  /** The log's lines: header, one per event, footer. */
  public List<String> lines() {
    return Stream.of(header.stream(), events.stream().map(Event::line), footer.stream()).flatMap(s -> s).toList();
  }

  /** The log as written to a golden file: its lines, each ended by a newline. */
  public String text() {
    return String.join("\n", lines()) + "\n";
  }

  /** The events of {@code guest} at {@code step} (of any phase), in log order. */
  public List<Event> of(int guest, Step step) {
    return events.stream().filter(e -> e.guest() == guest && e.step() == step).toList();
  }

  /** The line of {@code guest}'s {@code phase} at {@code step} ({@code create_phase} or {@code destroy_phase}). */
  public Event phase(int guest, Step step, Phase phase) {
    return events.stream().filter(e -> e.guest() == guest && e.step() == step && e.phase() == phase).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("guest " + guest + " has no " + step + " " + phase));
  }
}
