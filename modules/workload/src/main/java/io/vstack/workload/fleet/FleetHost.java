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
 * clean memory, memory still dirty, creations in progress); while it builds or scrubs it also reports every
 * report interval.
 */
public final class FleetHost implements LogicalProcess<Object> {
  private static final long serialVersionUID = 1L;

  /** Self-event: time for a periodic resource report. */
  record Tick() implements java.io.Serializable {
  }

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
    wakes.plan(nest, ctx);
  }

  @Override
  public void handle(Object message, Context<Object> ctx) {
    if (message instanceof FleetMsg.Place p) {
      place(p, ctx);
    } else if (message instanceof FleetMsg.Remove r) {
      nest.inject(ctx.now(), driver, new FleetHostDriver.Destroy(slotOfVm.get(r.vm())));
    } else if (message instanceof FleetMsg.Fetched f) {
      images.add(f.image());
      for (FleetMsg.Place p : fetching.remove(f.image())) {
        create(p, ctx);
      }
    } else if (message instanceof Tick) {
      ticking = false;
      ctx.send(controller, spec.latency(), new FleetMsg.Report(index, state()));
    } else if (!(message instanceof Wakes.Wake)) {
      throw new IllegalArgumentException("fleet host cannot handle " + message);
    }
    wakes.run(nest, ctx);
    report(ctx);
  }

  private void place(FleetMsg.Place p, Context<Object> ctx) {
    if (nextSlot == vmOfSlot.length) {
      ctx.send(controller, spec.latency(), new FleetMsg.BuildFailed(index, p.vm(), "no free domain slot", state()));
      return;
    }
    vmOfSlot[nextSlot] = p.vm();
    slotOfVm.put(p.vm(), nextSlot++);
    if (images.contains(p.image())) {
      create(p, ctx);
    } else if (fetching.containsKey(p.image())) {
      fetching.get(p.image()).add(p);
    } else {
      fetching.put(p.image(), new ArrayList<>(List.of(p)));
      ctx.send(store, spec.latency(), new FleetMsg.Fetch(index, p.image(), spec.images().bytes()));
    }
  }

  private void create(FleetMsg.Place p, Context<Object> ctx) {
    nest.inject(ctx.now(), driver, new FleetHostDriver.Create(slotOfVm.get(p.vm()), p.name(),
        guest.sized(p.memoryMib(), p.vcpus())));
  }

  /** Tells the controller what became of guests since last time; plans a periodic report while there is news. */
  private void report(Context<Object> ctx) {
    List<FleetHostDriver.Outcome> outcomes = ((FleetHostDriver) nest.process(driver)).drain();
    FleetMsg.HostState state = outcomes.isEmpty() && ticking ? null : state();
    for (FleetHostDriver.Outcome o : outcomes) {
      int vm = vmOfSlot[o.slot()];
      ctx.send(controller, spec.latency(), switch (o.kind()) {
        case running -> new FleetMsg.Running(index, vm, o.at(), state);
        case failed -> new FleetMsg.BuildFailed(index, vm, o.reason(), state);
        case removed -> new FleetMsg.Removed(index, vm, state);
      });
    }
    if (!ticking && state != null && (state.dirtyMib() > 0 || state.building() > 0)) {
      ticking = true;
      ctx.schedule(spec.reportInterval(), new Tick());
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
