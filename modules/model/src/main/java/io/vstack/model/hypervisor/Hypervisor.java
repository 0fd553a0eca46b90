package io.vstack.model.hypervisor;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hypervisor's domain table. Domids are handed out the way Xen 4.8's domain_create does: the next free one
 * after the last handed out, wrapping below DOMID_FIRST_RESERVED. The time a domctl takes is charged by the
 * caller on its CPU under domctl_lock; this component only keeps the table. It also keeps what Xen knows beyond
 * the table: each domain's handle (the name the toolstack gave it), dom0's memory as auto-ballooning shrinks it
 * (dom0 starts with all of the host's memory, as without dom0_mem), for noxs each domain's device page, and which
 * domains are shells of LightVM's split toolstack (prepared, paused, no kernel yet).
 */
public final class Hypervisor implements Component {

  public sealed interface Command extends XenMsg permits CreateDomain, Populated, UnpauseDomain, KillDomain,
      ReleaseDomain, FindDomain, FreeMemory, AddDevice, RemoveDevice, AdoptShell {
  }

  /** noxs: looks a domain up by handle (getdomaininfo, no Xenstore); answers {@link DomainFound}. */
  public record FindDomain(String name, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("name", name);
    }
  }

  /**
   * xl's freemem(): makes {@code pages} free for a new guest, lowering dom0's memory target by what is missing;
   * answers {@link MemoryFreed}.
   */
  public record FreeMemory(long pages, LpRef<XenMsg> replyTo, long tag) implements Command, XenMsg.AboutPages {
  }

  /** noxs: XEN_DEVCTL_dev_add records one more device in the domain's device page. */
  public record AddDevice(int domid) implements Command, XenMsg.AboutDomain {
  }

  /** noxs: XEN_DEVCTL_dev_rem takes one device out of the domain's device page. */
  public record RemoveDevice(int domid) implements Command, XenMsg.AboutDomain {
  }

  /** Reply to {@link FindDomain}: the domid, or -1 when no domain has that handle. */
  public record DomainFound(long tag, int domid) implements XenMsg {
  }

  /**
   * Reply to {@link FreeMemory}: dom0 must give back {@code ballooned} pages (0 when enough was free) to reach
   * {@code dom0Pages}; {@code ballooned} is -1 when even all of dom0's memory would not be enough.
   */
  public record MemoryFreed(long tag, long ballooned, long dom0Pages) implements XenMsg {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("pages", ballooned);
    }
  }

  /**
   * Adds a paused domain, a shell of the split toolstack when {@code shell}; answers {@link DomainCreated} or
   * {@link DomainRejected} when no domid is free.
   */
  public record CreateDomain(String name, LpRef<XenMsg> replyTo, boolean shell) implements Command {

    /** A domain created for a request. */
    public CreateDomain(String name, LpRef<XenMsg> replyTo) {
      this(name, replyTo, false);
    }
  }

  /** A creation finishes shell {@code domid}: it is a guest named {@code name} from now on. */
  public record AdoptShell(int domid, String name) implements Command, XenMsg.AboutDomain {
  }

  /** The domain now owns {@code pages[n]} pages on each NUMA node n. */
  public record Populated(int domid, long[] pages) implements Command {
  }

  /** The domain's vCPUs may run. */
  public record UnpauseDomain(int domid) implements Command, XenMsg.AboutDomain {
  }

  /** The domain is dying: it stops running; answers {@link Killed} with the pages it owned per node. */
  public record KillDomain(int domid, LpRef<XenMsg> replyTo) implements Command, XenMsg.AboutDomain {
  }

  /** The domain is gone and its domid free again. */
  public record ReleaseDomain(int domid) implements Command, XenMsg.AboutDomain {
  }

  /** Reply to {@link CreateDomain}. */
  public record DomainCreated(int domid) implements XenMsg.AboutDomain {
  }

  /** Reply to {@link CreateDomain} when every domid is taken. */
  public record DomainRejected(String reason) implements XenMsg {
  }

  /** Reply to {@link KillDomain}: the pages to relinquish, per NUMA node. */
  public record Killed(int domid, long[] pages) implements XenMsg {
  }

  /** A domain's state in the table. */
  public enum DomainState { paused, running, dying }

  private final int maxDomains;
  private final long latency;
  private final long hostPages;
  private final TreeMap<Integer, DomainState> table = new TreeMap<>();
  private final HashMap<Integer, long[]> pages = new HashMap<>();
  private final HashMap<String, Integer> handles = new HashMap<>();
  private final HashMap<Integer, String> names = new HashMap<>();
  private final TreeMap<Integer, Integer> devicePages = new TreeMap<>();
  private final TreeSet<Integer> shells = new TreeSet<>();
  private long guestPages;
  private long dom0Pages;
  private int rover;
  private long created;

  public Hypervisor(int maxDomains, long latency) {
    this(maxDomains, latency, 0);
  }

  /** A hypervisor on a host of {@code hostPages} pages, all of them dom0's at boot. */
  public Hypervisor(int maxDomains, long latency, long hostPages) {
    this.maxDomains = maxDomains;
    this.latency = latency;
    this.hostPages = hostPages;
    this.dom0Pages = hostPages;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof CreateDomain c) {
      int domid = nextFreeDomid();
      if (domid < 0) {
        ctx.send(c.replyTo(), latency, new DomainRejected("no free domid: " + maxDomains + " domains exist"));
        return;
      }
      table.put(domid, DomainState.paused);
      names.put(domid, c.name());
      handles.putIfAbsent(c.name(), domid);
      if (c.shell()) {
        shells.add(domid);
      }
      created++;
      ctx.send(c.replyTo(), latency, new DomainCreated(domid));
    } else if (message instanceof Populated p) {
      forget(pages.put(p.domid(), p.pages().clone()));
      guestPages += total(p.pages());
    } else if (message instanceof UnpauseDomain u) {
      change(u.domid(), DomainState.paused, DomainState.running);
    } else if (message instanceof KillDomain k) {
      if (!table.containsKey(k.domid())) {
        throw new IllegalStateException("kill of unknown domain " + k.domid());
      }
      table.put(k.domid(), DomainState.dying);
      long[] owned = pages.remove(k.domid());
      forget(owned);
      ctx.send(k.replyTo(), latency, new Killed(k.domid(), owned == null ? new long[0] : owned));
    } else if (message instanceof ReleaseDomain r) {
      forget(pages.remove(r.domid()));
      if (table.remove(r.domid()) == null) {
        throw new IllegalStateException("release of unknown domain " + r.domid());
      }
      handles.remove(names.remove(r.domid()), r.domid());
      devicePages.remove(r.domid());
      shells.remove(r.domid());
    } else if (message instanceof AdoptShell a) {
      if (!shells.remove(a.domid())) {
        throw new IllegalStateException("domain " + a.domid() + " is not a shell");
      }
      handles.remove(names.put(a.domid(), a.name()), a.domid());
      handles.putIfAbsent(a.name(), a.domid());
    } else if (message instanceof FindDomain f) {
      ctx.send(f.replyTo(), latency, new DomainFound(f.tag(), handles.getOrDefault(f.name(), -1)));
    } else if (message instanceof FreeMemory f) {
      ctx.send(f.replyTo(), latency, freeMemory(f));
    } else if (message instanceof AddDevice a) {
      devicePages.merge(a.domid(), 1, Integer::sum);
    } else if (message instanceof RemoveDevice d) {
      devicePages.computeIfPresent(d.domid(), (domid, n) -> n > 1 ? n - 1 : null);
    } else {
      throw new IllegalArgumentException("hypervisor cannot handle " + message);
    }
  }

  /**
   * What libxl_get_free_memory sees is memory neither dom0 nor a guest holds (a dying guest's pages count as free,
   * as libxl adds Xen's pages still to be scrubbed); dom0 balloons down by what is missing.
   */
  private MemoryFreed freeMemory(FreeMemory f) {
    long free = hostPages - dom0Pages - guestPages;
    long missing = Math.max(0, f.pages() - free);
    if (missing > dom0Pages) {
      return new MemoryFreed(f.tag(), -1, dom0Pages);
    }
    dom0Pages -= missing;
    return new MemoryFreed(f.tag(), missing, dom0Pages);
  }

  private void forget(long[] owned) {
    if (owned != null) {
      guestPages -= total(owned);
    }
  }

  private static long total(long[] perNode) {
    long sum = 0;
    for (long p : perNode) {
      sum += p;
    }
    return sum;
  }

  private int nextFreeDomid() {
    if (table.size() >= maxDomains) {
      return -1;
    }
    int dom = rover;
    do {
      dom = dom >= maxDomains ? 1 : dom + 1;
    } while (table.containsKey(dom));
    rover = dom;
    return dom;
  }

  private void change(int domid, DomainState from, DomainState to) {
    DomainState state = table.get(domid);
    if (state != from) {
      throw new IllegalStateException("domain " + domid + " is " + state + ", expected " + from);
    }
    table.put(domid, to);
  }

  /**
   * Final domain table, the noxs device pages (devices per domid), the pages dom0 still holds, and the live domains
   * that are still unused shells.
   */
  public record Report(TreeMap<Integer, DomainState> table, TreeMap<Integer, Integer> devicePages, long dom0Pages,
      TreeSet<Integer> shells) implements FinalReport {
  }

  public Report report() {
    return new Report(table(), new TreeMap<>(devicePages), dom0Pages, new TreeSet<>(shells));
  }

  /** Live domains by domid, in domid order. */
  public TreeMap<Integer, DomainState> table() {
    return new TreeMap<>(table);
  }

  public long created() {
    return created;
  }
}
