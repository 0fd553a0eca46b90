package io.vstack.model.toolstack;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.Layout;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches.BackendPlacement;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * dom0's backend drivers and their hotplug scripts (netback/blkback with udev). It watches the backend directories;
 * when a device's backend state becomes 1 it runs the add script on a dom0 vCPU and writes state 4 (connected);
 * when it becomes 5 (closing) it runs the remove script and deletes the device's backend directory. With noxs it
 * watches nothing: the toolstack asks it directly (an ioctl on /dev/xen/noxs_backend) to set up or tear down a
 * device's shared page, and it answers when that and the hotplug script are done.
 *
 * <p>It watches the backend directories where they live (see {@link ShardRouting}): with every shard when they sit
 * with their guests, on dom0's shard alone when they sit in dom0's subtree. There, before it connects a device, it
 * reads the frontend's node on the guest's shard, as xenbus_read_otherend_details does (a read across shards); a
 * frontend already gone means the domain is being torn down, and the device is not connected.
 */
public final class DeviceBackend implements Component {

  public sealed interface Command extends XenMsg permits HotplugDone, NoxsCreate, NoxsDestroy, NoxsDestroyAll,
      NoxsSetUp {
  }

  /** A request about one device, traced by its backend directory name. */
  public interface AboutDevice extends XenMsg {
    String device();

    @Override
    default Map<String, Object> traceFields() {
      return TraceFields.of("device", device());
    }
  }

  /** noxs: IOCTL_NOXS_DEV_CREATE for {@code device} (its backend directory name); answers {@link NoxsDone}. */
  public record NoxsCreate(String device, LpRef<XenMsg> replyTo, long tag) implements Command, AboutDevice {
  }

  /** noxs: IOCTL_NOXS_DEV_DESTROY for {@code device}; answers {@link NoxsDone}. */
  public record NoxsDestroy(String device, LpRef<XenMsg> replyTo, long tag) implements Command, AboutDevice {
  }

  /** noxs: drops every device of {@code domid} at once, as a failed or restarted toolstack's cleanup. No reply. */
  public record NoxsDestroyAll(int domid) implements Command, XenMsg.AboutDomain {
  }

  /** Internal: the page setup and hotplug script of a {@link NoxsCreate} ({@code add}) or NoxsDestroy finished. */
  record NoxsSetUp(String device, boolean add, LpRef<XenMsg> replyTo, long tag) implements Command {
  }

  /** Reply to {@link NoxsCreate} and {@link NoxsDestroy}: the ioctl returned. */
  public record NoxsDone(long tag) implements XenMsg {
  }

  /** Internal: the hotplug script for {@code statePath} finished. */
  record HotplugDone(String statePath, boolean add) implements Command {
  }

  private static final String ROOT = "/local/domain/0/backend/";

  private final Layout layout;
  private final CostModel cost;
  private final int dom0Vcpus;
  private final LpRef<XenMsg> self;
  private final Map<Long, String> reading = new HashMap<>();
  private final Map<Long, String> readingFrontend = new HashMap<>();
  private final Set<String> connected = new HashSet<>();
  private final Set<String> busy = new HashSet<>();
  private final TreeSet<String> noxsDevices = new TreeSet<>();
  private final boolean noxs;
  private final ShardRouting routing;
  private long tags;
  private int nextCpu;

  public DeviceBackend(Layout layout, CostModel cost, int dom0Vcpus, LpRef<XenMsg> self) {
    this(layout, cost, dom0Vcpus, self, false, BackendPlacement.with_guest);
  }

  /**
   * Backends that talk to the toolstack through Xenstore, their directories placed by {@code placement}, or
   * directly when {@code noxs}.
   */
  public DeviceBackend(Layout layout, CostModel cost, int dom0Vcpus, LpRef<XenMsg> self, boolean noxs,
      BackendPlacement placement) {
    this.layout = layout;
    this.routing = new ShardRouting(layout, placement);
    this.cost = cost;
    this.dom0Vcpus = dom0Vcpus;
    this.self = self;
    this.noxs = noxs;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    if (noxs) {
      return;
    }
    for (LpRef<XenMsg> shard : routing.backendShards()) {
      for (String type : new String[] {"vif", "vbd"}) {
        ctx.send(shard, cost.messageLatency(), new XenstoreShard.Watch(ROOT + type, "backend", self, ++tags));
      }
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof XenstoreShard.WatchEvent w) {
      int domid = stateNodeDomid(w.path());
      if (domid > 0 && !busy.contains(w.path())) {
        reading.put(++tags, w.path());
        send(routing.ofBackends(domid), new XenstoreShard.Read(w.path(), self, tags), ctx);
      }
    } else if (message instanceof XenstoreShard.XsReply r) {
      String path = reading.remove(r.tag());
      String connecting = readingFrontend.remove(r.tag());
      if (path != null) {
        onState(path, r.value(), ctx);
      } else if (connecting != null && r.value() != null) {
        hotplug(connecting, true, ctx);
      } else if (connecting != null) {
        busy.remove(connecting);
      }
    } else if (message instanceof HotplugDone h) {
      busy.remove(h.statePath());
      LpRef<XenMsg> shard = routing.ofBackends(stateNodeDomid(h.statePath()));
      if (h.add()) {
        connected.add(h.statePath());
        send(shard, new XenstoreShard.Update(h.statePath(), "4", self, ++tags), ctx);
      } else {
        String dir = h.statePath().substring(0, h.statePath().length() - "/state".length());
        send(shard, new XenstoreShard.Remove(dir, self, ++tags), ctx);
      }
    } else if (message instanceof NoxsCreate c) {
      runNoxs(c.device(), true, c.replyTo(), c.tag(), ctx);
    } else if (message instanceof NoxsDestroy d) {
      runNoxs(d.device(), false, d.replyTo(), d.tag(), ctx);
    } else if (message instanceof NoxsSetUp u) {
      if (u.add()) {
        noxsDevices.add(u.device());
      } else {
        noxsDevices.remove(u.device());
      }
      send(u.replyTo(), new NoxsDone(u.tag()), ctx);
    } else if (message instanceof NoxsDestroyAll a) {
      noxsDevices.removeIf(device -> stateNodeDomid(device + "/state") == a.domid());
    } else {
      throw new IllegalArgumentException("device backend cannot handle " + message);
    }
  }

  /** The shared page's setup (or teardown) and the hotplug script, on a dom0 vCPU. */
  private void runNoxs(String device, boolean add, LpRef<XenMsg> replyTo, long tag, Context<XenMsg> ctx) {
    long duration = cost.noxsDeviceSetup() + hotplugTime(device);
    LpRef<XenMsg> cpu = layout.pcpu(nextCpu++ % dom0Vcpus);
    send(cpu, new Pcpu.Run(WorkKind.hotplug, duration, self, new NoxsSetUp(device, add, replyTo, tag)), ctx);
  }

  private long hotplugTime(String device) {
    return device.startsWith(ROOT + "vif/") ? cost.vifHotplug() : cost.vbdHotplug();
  }

  private void onState(String path, String value, Context<XenMsg> ctx) {
    if (value == null) {
      connected.remove(path);
      return;
    }
    boolean add = "1".equals(value) && !connected.contains(path);
    boolean remove = "5".equals(value) && connected.remove(path);
    if ((add || remove) && busy.add(path)) {
      if (add && routing.backendReadsFrontend()) {
        readingFrontend.put(++tags, path);
        int domid = stateNodeDomid(path);
        send(routing.ofDomain(domid), new XenstoreShard.Read(frontendOf(path), self, tags), ctx);
      } else {
        hotplug(path, add, ctx);
      }
    }
  }

  private void hotplug(String statePath, boolean add, Context<XenMsg> ctx) {
    long duration = hotplugTime(statePath);
    LpRef<XenMsg> cpu = layout.pcpu(nextCpu++ % dom0Vcpus);
    send(cpu, new Pcpu.Run(WorkKind.hotplug, duration, self, new HotplugDone(statePath, add)), ctx);
  }

  /** The frontend node {@code /local/domain/<domid>/device/<type>/<devid>} of a backend state node. */
  static String frontendOf(String statePath) {
    String[] parts = statePath.substring(ROOT.length()).split("/");
    return "/local/domain/" + parts[1] + "/device/" + parts[0] + "/" + parts[2];
  }

  /** Domid of {@code /local/domain/0/backend/<type>/<domid>/<devid>/state}, or -1 for any other path. */
  static int stateNodeDomid(String path) {
    if (!path.startsWith(ROOT) || !path.endsWith("/state")) {
      return -1;
    }
    String[] parts = path.substring(ROOT.length()).split("/");
    if (parts.length != 4) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void send(LpRef<XenMsg> to, XenMsg message, Context<XenMsg> ctx) {
    ctx.send(to, cost.messageLatency(), message);
  }

  /** Final state: the noxs devices still set up, by backend directory name. */
  public record Report(List<String> noxsDevices) implements FinalReport {
  }

  public Report report() {
    return new Report(List.copyOf(noxsDevices));
  }
}
