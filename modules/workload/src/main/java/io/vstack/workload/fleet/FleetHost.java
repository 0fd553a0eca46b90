package io.vstack.workload.fleet;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.engine.nested.Nest;
import io.vstack.engine.nested.Wakes;
import io.vstack.model.Layout;
import io.vstack.model.config.GuestType;
import io.vstack.model.config.Scenario;
import io.vstack.model.host.XenModel;
import io.vstack.model.numa.NumaNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One host of the fleet with its compute agent: the whole Xen host model of the scenario runs inside it
 * ({@link Nest}), driven by {@link FleetHostDriver}. The agent takes placements from the controller, fetches a
 * VM's image from its image store unless the host has it already (it keeps every image it fetched, as Nova's
 * image cache does within its retention time), and reports each guest's outcome with the host's resources (free
 * clean memory, memory still dirty, creations in progress) as they were at that moment; while it builds or scrubs
 * it also reports every report interval. What the agent receives reaches the host's toolstack after the second
 * half of the network latency ({@link FleetSpec#intoHost}), so the agent runs its host's model up to a lookahead
 * past its own clock in one go, one event time after another, and sends what each time produced with the delay
 * that makes it arrive exactly one latency after that time.
 */
public final class FleetHost implements LogicalProcess<Object> {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final LpRef<Object> controller;
  private final LpRef<Object> store;
  private final FleetSpec spec;
  private final GuestType guest;
  private final long pagesPerMib;
  private final Nest nest;
  private final Wakes wakes = new Wakes();
  private final int driver;
  private final int[] nodes;
  private final int[] vmOfSlot;
  private final TreeMap<Integer, Integer> slotOfVm = new TreeMap<>();
  /** Re-creations (a reboot) waiting for their VM's previous domain here to be gone, by that domain's slot. */
  private final TreeMap<Integer, FleetMsg.Place> afterRemoval = new TreeMap<>();
  private final TreeSet<Integer> images = new TreeSet<>();
  private final TreeMap<Integer, List<FleetMsg.Place>> fetching = new TreeMap<>();
  private int nextSlot;
  private boolean ticking;

  /** Host {@code index}, running {@code host} (a scenario whose workload has one guest per domain slot). */
  public FleetHost(int index, Scenario host, FleetSpec spec, LpRef<Object> controller, LpRef<Object> store) {
    this.index = index;
    this.controller = controller;
    this.store = store;
    this.spec = spec;
    this.guest = host.guest();
    this.pagesPerMib = host.cost().pagesFor(1);
    XenModel model = new XenModel(host, FleetHostDriver::new);
    Layout layout = model.layout();
    this.nest = new Nest(model);
    this.driver = layout.driver().id();
    this.nodes = new int[layout.nodes()];
    for (int n = 0; n < nodes.length; n++) {
      nodes[n] = layout.node(n).id();
    }
    this.vmOfSlot = new int[layout.guests()];
  }

  @Override
  public void start(Context<Object> ctx) {
    nest.start(ctx.random().nextLong(), ctx.now());
    advance(ctx);
  }

  @Override
  public void handle(Object message, Context<Object> ctx) {
    if (message instanceof FleetMsg.Place p) {
      place(p, ctx);
    } else if (message instanceof FleetMsg.Remove r) {
      toToolstack(new FleetHostDriver.Destroy(slotOfVm.get(r.vm())), ctx);
    } else if (message instanceof FleetMsg.Fetched f) {
      images.add(f.image());
      for (FleetMsg.Place p : fetching.remove(f.image())) {
        create(p, ctx);
      }
    } else if (!(message instanceof Wakes.Wake)) {
      throw new IllegalArgumentException("fleet host cannot handle " + message);
    }
    advance(ctx);
  }

  /**
   * Runs the host's model through the lookahead past now, reporting after each of its event times; once it is
   * through, starts the periodic reports if the host builds or scrubs and they are not running.
   */
  private void advance(Context<Object> ctx) {
    long[] last = {-1};
    wakes.run(nest, ctx, spec.lookahead() - 1, time -> {
      report(time, ctx);
      last[0] = time;
    });
    if (last[0] >= 0 && !ticking) {
      tickIfBusy(last[0], state());
    }
  }

  private void toToolstack(Object message, Context<Object> ctx) {
    nest.inject(ctx.now() + spec.intoHost(), driver, message);
  }

  private void place(FleetMsg.Place p, Context<Object> ctx) {
    if (nextSlot == vmOfSlot.length) {
      send(controller, ctx.now(), new FleetMsg.BuildFailed(index, p.vm(), "no free domain slot", state()), ctx);
      return;
    }
    Integer previous = slotOfVm.get(p.vm());
    vmOfSlot[nextSlot] = p.vm();
    slotOfVm.put(p.vm(), nextSlot++);
    if (previous != null) {
      // xl refuses a second domain of the same name: the agent creates it again once the old one is destroyed
      afterRemoval.put(previous, p);
      return;
    }
    if (images.contains(p.image())) {
      create(p, ctx);
    } else if (fetching.containsKey(p.image())) {
      fetching.get(p.image()).add(p);
    } else {
      fetching.put(p.image(), new ArrayList<>(List.of(p)));
      send(store, ctx.now(), new FleetMsg.Fetch(index, p.image(), spec.images().bytes()), ctx);
    }
  }

  private void create(FleetMsg.Place p, Context<Object> ctx) {
    toToolstack(creation(p), ctx);
  }

  private FleetHostDriver.Create creation(FleetMsg.Place p) {
    return new FleetHostDriver.Create(slotOfVm.get(p.vm()), p.name(), guest.sized(p.memoryMib(), p.vcpus()));
  }

  /** Sends {@code message}, produced at {@code time} (now or within the lookahead ahead), to arrive a latency later. */
  private void send(LpRef<Object> to, long time, FleetMsg message, Context<Object> ctx) {
    ctx.send(to, time - ctx.now() + spec.latency(), message);
  }

  /** Tells the controller what became of guests at {@code time}, with the host's resources then. */
  private void report(long time, Context<Object> ctx) {
    List<FleetHostDriver.Outcome> outcomes = ((FleetHostDriver) nest.process(driver)).drain();
    if (outcomes.isEmpty()) {
      return;
    }
    FleetMsg.HostState state = state();
    for (FleetHostDriver.Outcome o : outcomes) {
      int vm = o.slot() < 0 ? -1 : vmOfSlot[o.slot()];
      if (o.kind() == FleetHostDriver.Outcome.Kind.removed && afterRemoval.containsKey(o.slot())) {
        nest.inject(time, driver, creation(afterRemoval.remove(o.slot())));
      }
      if (superseded(o, vm)) {
        continue;
      }
      send(controller, time, switch (o.kind()) {
        case running -> new FleetMsg.Running(index, vm, o.at(), state);
        case failed -> new FleetMsg.BuildFailed(index, vm, o.reason(), state);
        case removed -> new FleetMsg.Removed(index, vm, state);
        case report -> new FleetMsg.Report(index, state);
      }, ctx);
      if (o.kind() == FleetHostDriver.Outcome.Kind.report) {
        ticking = false;
      }
    }
    if (!ticking) {
      tickIfBusy(time, state);
    }
  }

  /**
   * Whether {@code o} tells of a domain its VM has left for a newer one on this host (a reboot re-creates it in
   * another slot): the controller knows the VM by its newest build only.
   */
  private boolean superseded(FleetHostDriver.Outcome o, int vm) {
    return (o.kind() == FleetHostDriver.Outcome.Kind.running || o.kind() == FleetHostDriver.Outcome.Kind.failed)
        && slotOfVm.get(vm) != o.slot();
  }

  /** While the host builds or has dirty memory, its toolstack is asked for a report a report interval later. */
  private void tickIfBusy(long time, FleetMsg.HostState state) {
    if (state.dirtyMib() > 0 || state.building() > 0) {
      ticking = true;
      nest.inject(time + spec.reportInterval(), driver, new FleetHostDriver.ReportDue());
    }
  }

  /** The host's resources now. */
  FleetMsg.HostState state() {
    long free = 0;
    long dirty = 0;
    for (int id : nodes) {
      NumaNode.Report r = ((NumaNode) nest.process(id)).report();
      free += r.free();
      dirty += r.dirty();
    }
    return new FleetMsg.HostState(free / pagesPerMib, dirty / pagesPerMib,
        ((FleetHostDriver) nest.process(driver)).building());
  }

  public int index() {
    return index;
  }

  /** The host's model as it is now: its components by id, for reading after a run. */
  public Nest nest() {
    return nest;
  }
}
