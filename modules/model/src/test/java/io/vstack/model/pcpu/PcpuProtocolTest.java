package io.vstack.model.pcpu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.vstack.model.ProtocolHarness;
import io.vstack.model.ProtocolHarness.Received;
import io.vstack.model.ProtocolHarness.Tag;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class PcpuProtocolTest extends JUnitSuite {

  @ClassRule
  public static final TestKitJunitResource testKit = new TestKitJunitResource();

  private static final long L = 50_000; // message latency, ns
  private static final long MS = 1_000_000;

  @Test
  public void aPcpuRunsWorkItemsToCompletionInArrivalOrder() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Pcpu cpu = new Pcpu(0, 0, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), cpu);
    h.send(L, 0, new Pcpu.Run(WorkKind.toolstack, 10 * MS, h.client(), new Tag("ten")))
        .send(L, 0, new Pcpu.Run(WorkKind.scrub, 5 * MS, h.client(), new Tag("five")));
    h.run(testKit.system());

    // Both arrive at L. "ten" runs L..L+10ms, its reply takes L more; "five" queues behind it and runs
    // L+10ms..L+15ms: replies at 10 ms + latency and 15 ms + latency after arrival.
    probe.expectMessage(new Received(L + 10 * MS + L, new Tag("ten")));
    probe.expectMessage(new Received(L + 15 * MS + L, new Tag("five")));
    assertEquals(2, h.received().size());
    assertEquals(2, cpu.items());
    assertEquals(10 * MS, cpu.busy(WorkKind.toolstack));
    assertEquals(5 * MS, cpu.busy(WorkKind.scrub));
    assertEquals(0, cpu.busy(WorkKind.guest));
    assertTrue(cpu.idle());
  }

  @Test
  public void anIdlePcpuStartsWorkOnArrivalAndAShortItemDoesNotOvertakeALongOne() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Pcpu cpu = new Pcpu(3, 1, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), cpu);
    // long item arrives at L; a 1 ns item arrives at 1 ms while the long one is still running;
    // a third arrives at 30 ms when the pCPU is idle again.
    h.send(L, 0, new Pcpu.Run(WorkKind.guest, 20 * MS, h.client(), new Tag("long")))
        .send(1 * MS, 0, new Pcpu.Run(WorkKind.scrub, 1, h.client(), new Tag("short")))
        .send(30 * MS, 0, new Pcpu.Run(WorkKind.hotplug, 2 * MS, h.client(), new Tag("later")));
    h.run(testKit.system());

    // long: L .. L+20ms, reply +L. short: starts when long ends, L+20ms .. L+20ms+1ns, reply +L.
    probe.expectMessage(new Received(L + 20 * MS + L, new Tag("long")));
    probe.expectMessage(new Received(L + 20 * MS + 1 + L, new Tag("short")));
    // later: idle pCPU, runs 30ms .. 32ms, reply +L.
    probe.expectMessage(new Received(30 * MS + 2 * MS + L, new Tag("later")));
    assertEquals(3, h.received().size());
    assertEquals(3, cpu.items());
    assertEquals(3, cpu.index());
    assertEquals(1, cpu.node());
  }

  @Test
  public void aHypercallRunsOnItsOwnLaneWithoutWaitingForQueuedOrRunningWork() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Pcpu cpu = new Pcpu(0, 0, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), cpu);
    // a 10 ms toolstack item from L; a 5 ms hotplug item queued at 1 ms; two 1 ms hypercalls at 2 ms.
    h.send(L, 0, new Pcpu.Run(WorkKind.toolstack, 10 * MS, h.client(), new Tag("toolstack")))
        .send(1 * MS, 0, new Pcpu.Run(WorkKind.hotplug, 5 * MS, h.client(), new Tag("hotplug")))
        .send(2 * MS, 0, new Pcpu.Run(WorkKind.hypervisor, 1 * MS, h.client(), new Tag("hypercall-1")))
        .send(2 * MS, 0, new Pcpu.Run(WorkKind.hypervisor, 1 * MS, h.client(), new Tag("hypercall-2")));
    h.run(testKit.system());
    // The hypercalls arrive at 2 ms and run one after the other on their lane; replies +L.
    probe.expectMessage(new Received(2 * MS + 1 * MS + L, new Tag("hypercall-1")));
    probe.expectMessage(new Received(2 * MS + 2 * MS + L, new Tag("hypercall-2")));
    // The FIFO lane is unaffected: toolstack to L+10ms, hotplug to L+15ms.
    probe.expectMessage(new Received(L + 10 * MS + L, new Tag("toolstack")));
    probe.expectMessage(new Received(L + 15 * MS + L, new Tag("hotplug")));
    assertEquals(2 * MS, cpu.busy(WorkKind.hypervisor));
  }

  @Test
  public void runningGuestsDom0LoadStretchesEveryFifoItemAndWorkWithoutAReplyIsChargedSilently() {
    TestProbe<Received> probe = testKit.createTestProbe();
    Pcpu cpu = new Pcpu(0, 0, L);
    ProtocolHarness h = new ProtocolHarness(L, probe.getRef(), cpu);
    // Two guests start running, each needing 100 ms of this vCPU per second: a 20 % share from L on.
    h.send(L, 0, new Pcpu.Dom0Load(100 * MS))
        .send(L, 0, new Pcpu.Dom0Load(100 * MS))
        .send(1 * MS, 0, new Pcpu.Run(WorkKind.xenstored, 4 * MS, null, null))
        .send(1 * MS, 0, new Pcpu.Run(WorkKind.toolstack, 8 * MS, h.client(), new Tag("stretched")))
        .send(1 * MS, 0, new Pcpu.Run(WorkKind.hypervisor, 1 * MS, h.client(), new Tag("hypercall")))
        .send(20 * MS, 0, new Pcpu.Dom0Load(-200 * MS))
        .send(30 * MS, 0, new Pcpu.Run(WorkKind.toolstack, 8 * MS, h.client(), new Tag("plain")));
    h.run(testKit.system());

    // The hypercall lane is not stretched. The xenstored charge runs 4 / 0.8 = 5 ms and answers nobody; the
    // toolstack item queues behind it and runs 8 / 0.8 = 10 ms. Once the guests stop, items take their own time.
    probe.expectMessage(new Received(1 * MS + 1 * MS + L, new Tag("hypercall")));
    probe.expectMessage(new Received(1 * MS + 15 * MS + L, new Tag("stretched")));
    probe.expectMessage(new Received(30 * MS + 8 * MS + L, new Tag("plain")));
    assertEquals(3, h.received().size());
    assertEquals(16 * MS, cpu.busy(WorkKind.toolstack));
    assertEquals(4 * MS, cpu.busy(WorkKind.xenstored));
    // The guests used 20 % of the vCPU from L to 20 ms.
    assertEquals((20 * MS - L) / 5, cpu.busy(WorkKind.dom0_background));
  }
}
