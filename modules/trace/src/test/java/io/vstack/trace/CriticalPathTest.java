package io.vstack.trace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.model.lock.Lock;
import io.vstack.workload.ScenarioRun;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

/** The critical path on the serialized toolstack, where the second creation waits out the first under xl's lock. */
public class CriticalPathTest extends JUnitSuite {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theSecondCreationsPathWaitsForTheXlLockAsLongAsTheFirstHeldIt() throws Exception {
    Path dir = tmp.getRoot().toPath();
    ScenarioRun run = TracedRun.runInto(TracedRun.scenario("workload.guests=2", "toolstack.workers=2",
        "toolstack.mode=serialized"), dir);
    TraceFile trace = TraceFile.read(dir);
    Lock xl = run.model().component(run.model().layout().xlLock(), Lock.class);
    // Both xl processes ask for the lock after parsing; the second waits for all of the first's locked time.
    assertEquals(2, xl.acquisitions());
    assertTrue("the second creation waited " + xl.totalWait(), xl.totalWait() > 100_000_000L);
    LockSpans.Span firstHold = LockSpans.of(trace).spans().stream()
        .filter(s -> !s.waiting() && s.lock().equals("xl_lock")).min(Comparator.comparingLong(LockSpans.Span::startNs))
        .orElseThrow();
    int second = firstHold.guest() == 0 ? 1 : 0;
    CriticalPath path = CriticalPath.of(trace, second);
    long waited = path.ns(CriticalPath.WAIT + "xl_lock");
    assertEquals(xl.totalWait(), waited, 1_000_000);
    assertEquals(firstHold.endNs() - firstHold.startNs(), waited, 1_000_000);
    assertEquals("waiting for xl_lock", path.contributors().get(0).what());
    long parts = path.links().stream().mapToLong(CriticalPath.Link::ns).sum();
    assertEquals(path.endNs() - path.startNs(), parts);
    assertEquals(path.links().size(), path.groups().stream().mapToInt(CriticalPath.Group::messages).sum());
  }
}
