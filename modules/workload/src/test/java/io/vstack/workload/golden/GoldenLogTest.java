package io.vstack.workload.golden;

import static org.junit.Assert.assertEquals;

import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.GuestType;
import io.vstack.model.domain.Domain;
import io.vstack.model.toolstack.Operation;
import io.vstack.model.toolstack.OperationResult;
import io.vstack.model.toolstack.Phase;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class GoldenLogTest extends JUnitSuite {

  private static final GuestType GUEST = new GuestType(1024, 1, 1, 1);
  private static final long MS = 1_000_000L;

  /** A finished operation of {@code guest} with {@code phases} given as phase, start ms, end ms (end -1: cut short). */
  private static OperationResult op(Operation.Kind kind, int guest, long requestedMs, long finishedMs, boolean ok,
      Object... phases) {
    long[] start = new long[Phase.values().length];
    long[] end = new long[Phase.values().length];
    Arrays.fill(start, -1);
    Arrays.fill(end, -1);
    for (int i = 0; i < phases.length; i += 3) {
      Phase p = (Phase) phases[i];
      start[p.ordinal()] = (int) phases[i + 1] * MS;
      int endMs = (int) phases[i + 2];
      end[p.ordinal()] = endMs < 0 ? -1 : endMs * MS;
    }
    return new OperationResult(new Operation(kind, guest, "guest-" + guest, GUEST, requestedMs * MS), guest, guest + 1,
        requestedMs * MS, finishedMs * MS, ok, ok ? null : "xl was killed", 0, start, end);
  }

  private static List<String> lines(List<FaultSpec> faults, List<OperationResult> ops, List<Domain.Report> domains) {
    return GoldenLog.events(faults, ops, domains).stream().map(GoldenLog.Event::line).toList();
  }

  @Test
  public void aPhaseIsListedWhenItEndedWithHowLongItTook() {
    assertEquals(List.of(
        "      0.000 ms  guest 0   create requested",
        "     10.000 ms  guest 0   create  parse            took     10.000 ms",
        "    310.000 ms  guest 0   create  xl_lock          took    300.000 ms",
        "    310.000 ms  guest 0   create done on worker 0"),
        lines(List.of(), List.of(op(Operation.Kind.create, 0, 0, 310, true, Phase.parse, 0, 10, Phase.xl_lock, 10,
            310)), List.of()));
  }

  @Test
  public void aPhaseCutShortByAKilledXlIsListedWhenItStarted() {
    assertEquals(List.of(
        "      0.000 ms  guest 0   create requested",
        "     10.000 ms  guest 0   create  parse            took     10.000 ms",
        "     10.000 ms  guest 0   create  devices          started, never finished",
        "     40.000 ms  guest 0   create failed on worker 0: xl was killed"),
        lines(List.of(), List.of(op(Operation.Kind.create, 0, 0, 40, false, Phase.parse, 0, 10, Phase.devices, 10,
            -1)), List.of()));
  }

  @Test
  public void linesAreOrderedByTimeThenGuestWithHostLinesFirstThenStep() {
    FaultSpec restart = new FaultSpec(FaultSpec.Type.xenstored_restart, 10 * MS, 0, 200 * MS, 0);
    List<OperationResult> ops = List.of(op(Operation.Kind.destroy, 1, 10, 20, true),
        op(Operation.Kind.create, 1, 0, 10, true), op(Operation.Kind.create, 0, 0, 10, true));
    List<Domain.Report> domains = List.of(new Domain.Report(0, Domain.State.running, 1, 10 * MS, 10 * MS, null, -1),
        new Domain.Report(1, Domain.State.gone, 2, 10 * MS, -1, null, 10 * MS));
    assertEquals(List.of(
        "      0.000 ms  guest 0   create requested",
        "      0.000 ms  guest 1   create requested",
        "     10.000 ms  host      fault xenstored-restart: shard 0, down 200 ms",
        "     10.000 ms  guest 0   create done on worker 0",
        "     10.000 ms  guest 0   running as domain 1",
        "     10.000 ms  guest 1   create done on worker 1",
        "     10.000 ms  guest 1   crashed while booting",
        "     10.000 ms  guest 1   destroy requested",
        "     20.000 ms  guest 1   destroy done on worker 1"), lines(List.of(restart), ops, domains));
  }

  @Test
  public void shellPreparationsAreNotListed() {
    assertEquals(List.of(), lines(List.of(), List.of(op(Operation.Kind.prepare, 0, 0, 10, true, Phase.populate, 0,
        10)), List.of()));
  }
}
