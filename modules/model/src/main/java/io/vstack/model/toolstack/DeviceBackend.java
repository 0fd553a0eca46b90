package io.vstack.model.toolstack;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * dom0's backend drivers and their hotplug scripts (netback/blkback with udev). It watches the backend directories;
 * when a device's backend state becomes 1 it runs the add script on a dom0 vCPU and writes state 4 (connected);
 * when it becomes 5 (closing) it runs the remove script and deletes the device's backend directory.
 */
public final class DeviceBackend implements LogicalProcess<XenMsg> {

  public sealed interface Command extends XenMsg permits HotplugDone {
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
  private final Set<String> connected = new HashSet<>();
  private final Set<String> busy = new HashSet<>();
  private long tags;
  private int nextCpu;

  public DeviceBackend(Layout layout, CostModel cost, int dom0Vcpus, LpRef<XenMsg> self) {
    this.layout = layout;
    this.cost = cost;
    this.dom0Vcpus = dom0Vcpus;
    this.self = self;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    for (int s = 0; s < layout.shards(); s++) {
      for (String type : new String[] {"vif", "vbd"}) {
        ctx.send(layout.shard(s), cost.messageLatency(), new XenstoreShard.Watch(ROOT + type, "backend", self,
            ++tags));
      }
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof XenstoreShard.WatchEvent w) {
      int domid = stateNodeDomid(w.path());
      if (domid > 0 && !busy.contains(w.path())) {
        reading.put(++tags, w.path());
        send(layout.shardOfDomain(domid), new XenstoreShard.Read(w.path(), self, tags), ctx);
      }
    } else if (message instanceof XenstoreShard.XsReply r) {
      String path = reading.remove(r.tag());
      if (path != null) {
        onState(path, r.value(), ctx);
      }
    } else if (message instanceof HotplugDone h) {
      busy.remove(h.statePath());
      LpRef<XenMsg> shard = layout.shardOfDomain(stateNodeDomid(h.statePath()));
      if (h.add()) {
        connected.add(h.statePath());
        send(shard, new XenstoreShard.Update(h.statePath(), "4", self, ++tags), ctx);
      } else {
        String dir = h.statePath().substring(0, h.statePath().length() - "/state".length());
        send(shard, new XenstoreShard.Remove(dir, self, ++tags), ctx);
      }
    } else {
      throw new IllegalArgumentException("device backend cannot handle " + message);
    }
  }

  private void onState(String path, String value, Context<XenMsg> ctx) {
    if (value == null) {
      connected.remove(path);
      return;
    }
    boolean add = "1".equals(value) && !connected.contains(path);
    boolean remove = "5".equals(value) && connected.remove(path);
    if ((add || remove) && busy.add(path)) {
      long duration = path.startsWith(ROOT + "vif/") ? cost.vifHotplug() : cost.vbdHotplug();
      LpRef<XenMsg> cpu = layout.pcpu(nextCpu++ % dom0Vcpus);
      send(cpu, new Pcpu.Run(WorkKind.hotplug, duration, self, new HotplugDone(path, add)), ctx);
    }
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
}
