package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.Layout;
import io.vstack.model.XenMsg;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.pcpu.WorkKind;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard;
import java.io.Serializable;

/**
 * xl's name lookups (libxl_name_to_domid) as an xl worker makes them: each asks every Xenstore shard, or the
 * Xenstore cache, or with noxs the hypervisor's domain handles after the lookup's CPU work; {@link NameCheck} judges
 * the answers.
 */
public final class NameLookup implements Serializable {
  private final Layout layout;
  private final CostModel cost;
  private final Switches switches;
  private final LpRef<XenMsg> self;
  private String name;
  private NameCheck check;

  /** The lookups of worker {@code self}. */
  public NameLookup(Layout layout, CostModel cost, Switches switches, LpRef<XenMsg> self) {
    this.layout = layout;
    this.cost = cost;
    this.switches = switches;
    this.self = self;
  }

  /** A check of {@code name} for a creation (else a destroy) in {@code lookups} lookups; none made yet. */
  public void start(String name, boolean create, int lookups) {
    this.name = name;
    this.check = new NameCheck(create, lookups);
  }

  /** Makes the next lookup; false when every lookup is made. */
  public boolean next(WorkerPort port) {
    if (!check.another(switches.noxs() || switches.cache() ? 1 : layout.shards())) {
      return false;
    }
    if (switches.noxs()) {
      port.cpu(WorkKind.hypervisor, cost.noxsLookup(), XlStep.noxs_lookup_cpu);
      return true;
    }
    port.await(XlStep.name_lookup);
    long tag = port.nextTag();
    if (switches.cache()) {
      port.send(layout.cache(), new XenstoreCache.Lookup(name, self, tag));
    } else {
      for (int s = 0; s < layout.shards(); s++) {
        port.send(layout.shard(s), new XenstoreShard.FindName(name, self, tag));
      }
    }
    return true;
  }

  /** noxs: the lookup's CPU work is done; the hypervisor is asked. */
  public void askHypervisor(WorkerPort port) {
    port.await(XlStep.name_lookup);
    port.send(layout.hypervisor(), new Hypervisor.FindDomain(name, self, port.nextTag()));
  }

  /** One answer to the current lookup: whether it found a domain of that name. */
  public NameCheck.Verdict answer(boolean found) {
    return check.answer(found);
  }
}
