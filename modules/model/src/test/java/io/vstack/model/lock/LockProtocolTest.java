package io.vstack.model.lock;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.vstack.engine.EngineFailure;
import io.vstack.engine.LpRef;
import io.vstack.model.ProtocolHarness;
import io.vstack.model.ProtocolHarness.Received;
import io.vstack.model.ProtocolHarness.Tag;
import org.junit.Assert;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class LockProtocolTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final long L = 50_000;
  private static final long MS = 1_000_000;

  @Test
  public void aLockGrantsWaitersInArrivalOrderAndRecordsHowLongTheyWaited() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Lock lock = new Lock("domctl_lock", L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), lock);
    h.send(L, 0, new Lock.Acquire(h.client(), new Tag("a")))
        .send(L, 0, new Lock.Acquire(h.client(), new Tag("b")))
        .send(L, 0, new Lock.Acquire(h.client(), new Tag("c")))
        .send(10 * MS, 0, new Lock.Release(h.client()))
        .send(25 * MS, 0, new Lock.Release(h.client()))
        .send(40 * MS, 0, new Lock.Release(h.client()));
    h.run(testKit.system());

    // a, b, c arrive at L in send order; a is granted at once (reply at 2L), b at the 10 ms release, c at the
    // 25 ms release; each grant reaches the requester L later.
    probe.expectMessage(new Received(2 * L, new Tag("a")));
    probe.expectMessage(new Received(10 * MS + L, new Tag("b")));
    probe.expectMessage(new Received(25 * MS + L, new Tag("c")));
    assertEquals(3, h.received().size());
    assertEquals(3, lock.acquisitions());
    // waits: a 0, b 10ms - L, c 25ms - L
    assertEquals((10 * MS - L) + (25 * MS - L), lock.totalWait());
    long longest = 25 * MS - L;
    assertTrue(lock.maxWait() >= longest && lock.maxWait() <= longest + longest / 1000);
    assertTrue(lock.free());
    assertEquals("domctl_lock", lock.name());
  }

  @Test
  public void aLockIsNotFreeWhileHeldOrWaitedFor() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Lock lock = new Lock("heap_lock", L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), lock);
    h.send(L, 0, new Lock.Acquire(h.client(), new Tag("only")));
    h.run(testKit.system());

    probe.expectMessage(new Received(2 * L, new Tag("only")));
    assertEquals(1, lock.acquisitions());
    assertEquals(0, lock.totalWait());
    assertTrue("held at the end of the run", !lock.free());
  }

  @Test
  public void releasingALockYouDoNotHoldFailsTheRun() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Lock lock = new Lock("xl global lock", L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), lock);
    // the client holds the lock; a release in the name of process 7 arrives at 1 ms
    h.send(L, 0, new Lock.Acquire(h.client(), new Tag("held")))
        .send(1 * MS, 0, new Lock.Release(LpRef.of(7)));

    EngineFailure failure = Assert.assertThrows(EngineFailure.class, () -> h.run(testKit.system()));
    Throwable cause = ProtocolHarness.rootCause(failure);
    assertTrue(cause.toString(), cause instanceof IllegalStateException);
    assertEquals("xl global lock released by process 7 but held by 1", cause.getMessage());
  }

  @Test
  public void releasingAFreeLockFailsTheRun() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Lock lock = new Lock("heap_lock", L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), lock);
    h.send(L, 0, new Lock.Release(h.client()));

    EngineFailure failure = Assert.assertThrows(EngineFailure.class, () -> h.run(testKit.system()));
    Throwable cause = ProtocolHarness.rootCause(failure);
    assertTrue(cause.toString(), cause instanceof IllegalStateException);
    assertEquals("heap_lock released by process 1 but held by -1", cause.getMessage());
  }

}
