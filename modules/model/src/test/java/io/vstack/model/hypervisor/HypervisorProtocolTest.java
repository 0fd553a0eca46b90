package io.vstack.model.hypervisor;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.vstack.engine.EngineFailure;
import io.vstack.model.ProtocolHarness;
import io.vstack.model.ProtocolHarness.Received;
import io.vstack.model.hypervisor.Hypervisor.DomainState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Assert;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class HypervisorProtocolTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final long L = 50_000;
  private static final long MS = 1_000_000;

  @Test
  public void domidsAreHandedOutFromOneAndFreedOnesAreReusedOnlyAfterTheRoverWraps() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Hypervisor hv = new Hypervisor(3, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), hv);
    h.send(L, 0, new Hypervisor.CreateDomain("a", h.client()))
        .send(L, 0, new Hypervisor.CreateDomain("b", h.client()))
        .send(L, 0, new Hypervisor.CreateDomain("c", h.client()))
        .send(1 * MS, 0, new Hypervisor.CreateDomain("full", h.client()))
        .send(2 * MS, 0, new Hypervisor.ReleaseDomain(2))
        .send(3 * MS, 0, new Hypervisor.CreateDomain("d", h.client()))
        .send(4 * MS, 0, new Hypervisor.ReleaseDomain(1))
        .send(4 * MS, 0, new Hypervisor.ReleaseDomain(3))
        .send(5 * MS, 0, new Hypervisor.CreateDomain("e", h.client()))
        .send(6 * MS, 0, new Hypervisor.CreateDomain("f", h.client()));
    h.run(testKit.system());

    // 1, 2, 3 in order, each answered L after arrival
    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(1)));
    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(2)));
    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(3)));
    // all 3 taken
    probe.expectMessage(new Received(1 * MS + L, new Hypervisor.DomainRejected("no free domid: 3 domains exist")));
    // rover at 3 wraps to 1 (taken), then 2 (freed)
    probe.expectMessage(new Received(3 * MS + L, new Hypervisor.DomainCreated(2)));
    // 1 and 3 freed; the rover is at 2, so the next is 3, not the lowest free 1
    probe.expectMessage(new Received(5 * MS + L, new Hypervisor.DomainCreated(3)));
    // rover at 3 wraps to 1
    probe.expectMessage(new Received(6 * MS + L, new Hypervisor.DomainCreated(1)));
    assertEquals(7, h.received().size());

    assertEquals(6, hv.created());
    TreeMap<Integer, DomainState> table = hv.table();
    assertEquals(List.of(1, 2, 3), List.copyOf(table.keySet()));
    assertTrue(table.values().stream().allMatch(s -> s == DomainState.paused));
  }

  @Test
  public void aKilledDomainReturnsThePagesItWasPopulatedWithAndLeavesTheTableOnRelease() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Hypervisor hv = new Hypervisor(10, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), hv);
    h.send(L, 0, new Hypervisor.CreateDomain("a", h.client()))
        .send(L, 0, new Hypervisor.CreateDomain("b", h.client()))
        .send(1 * MS, 0, new Hypervisor.Populated(1, new long[] {100, 28}))
        .send(2 * MS, 0, new Hypervisor.UnpauseDomain(1))
        .send(3 * MS, 0, new Hypervisor.KillDomain(1, h.client()))
        .send(3 * MS, 0, new Hypervisor.KillDomain(2, h.client()));
    h.run(testKit.system());

    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(1)));
    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(2)));
    Received k1 = probe.receiveMessage();
    assertEquals(3 * MS + L, k1.time());
    Hypervisor.Killed killed1 = (Hypervisor.Killed) k1.message();
    assertEquals(1, killed1.domid());
    assertArrayEquals(new long[] {100, 28}, killed1.pages());
    // domain 2 was never populated: nothing to give back
    Received k2 = probe.receiveMessage();
    assertEquals(3 * MS + L, k2.time());
    Hypervisor.Killed killed2 = (Hypervisor.Killed) k2.message();
    assertEquals(2, killed2.domid());
    assertArrayEquals(new long[0], killed2.pages());
    assertEquals(4, h.received().size());

    TreeMap<Integer, DomainState> table = hv.table();
    assertEquals(DomainState.dying, table.get(1));
    assertEquals(DomainState.dying, table.get(2));
  }

  @Test
  public void unpauseMovesAPausedDomainToRunningAndReleaseRemovesIt() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Hypervisor hv = new Hypervisor(10, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), hv);
    h.send(L, 0, new Hypervisor.CreateDomain("a", h.client()))
        .send(L, 0, new Hypervisor.CreateDomain("b", h.client()))
        .send(1 * MS, 0, new Hypervisor.UnpauseDomain(1))
        .send(2 * MS, 0, new Hypervisor.ReleaseDomain(2));
    h.run(testKit.system());

    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(1)));
    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(2)));
    TreeMap<Integer, DomainState> table = hv.table();
    assertEquals(1, table.size());
    assertEquals(DomainState.running, table.get(1));
  }

  @Test
  public void unpausingADomainTwiceFailsTheRun() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Hypervisor hv = new Hypervisor(10, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), hv);
    h.send(L, 0, new Hypervisor.CreateDomain("a", h.client()))
        .send(1 * MS, 0, new Hypervisor.UnpauseDomain(1))
        .send(2 * MS, 0, new Hypervisor.UnpauseDomain(1));

    EngineFailure failure = Assert.assertThrows(EngineFailure.class, () -> h.run(testKit.system()));
    assertEquals("domain 1 is running, expected paused", ProtocolHarness.rootCause(failure).getMessage());
  }

  @Test
  public void killingOrReleasingAnUnknownDomainFailsTheRun() {
    TestProbe<Received> probe = testKit.createTestProbe();
    ProtocolHarness kill = new ProtocolHarness(L, probe.getRef(), new Hypervisor(10, L));
    kill.send(L, 0, new Hypervisor.KillDomain(4, kill.client()));
    EngineFailure killFailure = Assert.assertThrows(EngineFailure.class, () -> kill.run(testKit.system()));
    assertEquals("kill of unknown domain 4", ProtocolHarness.rootCause(killFailure).getMessage());

    ProtocolHarness release = new ProtocolHarness(L, probe.getRef(), new Hypervisor(10, L));
    release.send(L, 0, new Hypervisor.ReleaseDomain(5));
    EngineFailure releaseFailure = Assert.assertThrows(EngineFailure.class, () -> release.run(testKit.system()));
    assertEquals("release of unknown domain 5", ProtocolHarness.rootCause(releaseFailure).getMessage());
  }

  @Test
  public void freememBalloonsDom0DownByWhatIsMissingAndDyingGuestsMemoryCountsAsFree() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Hypervisor hv = new Hypervisor(10, L, 1000);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), hv);
    h.send(L, 0, new Hypervisor.CreateDomain("a", h.client()))
        .send(1 * MS, 0, new Hypervisor.FreeMemory(300, h.client(), 1))
        .send(2 * MS, 0, new Hypervisor.Populated(1, new long[] {200, 100}))
        .send(3 * MS, 0, new Hypervisor.FreeMemory(200, h.client(), 2))
        .send(4 * MS, 0, new Hypervisor.KillDomain(1, h.client()))
        .send(5 * MS, 0, new Hypervisor.FreeMemory(250, h.client(), 3))
        .send(6 * MS, 0, new Hypervisor.FreeMemory(2000, h.client(), 4));
    h.run(testKit.system());

    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(1)));
    // dom0 holds all 1000 pages at boot: nothing is free, it gives back all 300
    probe.expectMessage(new Received(1 * MS + L, new Hypervisor.MemoryFreed(1, 300, 700)));
    // the 300 went to domain 1: again nothing free
    probe.expectMessage(new Received(3 * MS + L, new Hypervisor.MemoryFreed(2, 200, 500)));
    assertEquals(1, ((Hypervisor.Killed) probe.receiveMessage().message()).domid());
    // domain 1 is dying: its 300 pages and the 200 never used are free, so no ballooning
    probe.expectMessage(new Received(5 * MS + L, new Hypervisor.MemoryFreed(3, 0, 500)));
    // more than free memory and all of dom0 together: freemem fails
    probe.expectMessage(new Received(6 * MS + L, new Hypervisor.MemoryFreed(4, -1, 500)));
    assertEquals(500, hv.report().dom0Pages());
  }

  @Test
  public void noxsFindsADomainByHandleUntilItIsReleasedAndItsDevicePageGoesWithIt() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Hypervisor hv = new Hypervisor(10, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), hv);
    h.send(L, 0, new Hypervisor.CreateDomain("a", h.client()))
        .send(L, 0, new Hypervisor.CreateDomain("b", h.client()))
        .send(1 * MS, 0, new Hypervisor.FindDomain("b", h.client(), 7))
        .send(1 * MS, 0, new Hypervisor.AddDevice(1))
        .send(1 * MS, 0, new Hypervisor.AddDevice(1))
        .send(1 * MS, 0, new Hypervisor.AddDevice(2))
        .send(2 * MS, 0, new Hypervisor.RemoveDevice(1))
        .send(3 * MS, 0, new Hypervisor.ReleaseDomain(2))
        .send(4 * MS, 0, new Hypervisor.FindDomain("b", h.client(), 8))
        .send(4 * MS, 0, new Hypervisor.FindDomain("a", h.client(), 9));
    h.run(testKit.system());

    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(1)));
    probe.expectMessage(new Received(2 * L, new Hypervisor.DomainCreated(2)));
    probe.expectMessage(new Received(1 * MS + L, new Hypervisor.DomainFound(7, 2)));
    probe.expectMessage(new Received(4 * MS + L, new Hypervisor.DomainFound(8, -1)));
    probe.expectMessage(new Received(4 * MS + L, new Hypervisor.DomainFound(9, 1)));
    assertEquals(new TreeMap<>(Map.of(1, 1)), hv.report().devicePages());
  }
}
