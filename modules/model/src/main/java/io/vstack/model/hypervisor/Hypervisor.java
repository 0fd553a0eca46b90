package io.vstack.model.hypervisor;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import java.util.HashMap;
import java.util.TreeMap;

/**
 * The hypervisor's domain table. Domids are handed out the way Xen 4.8's domain_create does: the next free one
 * after the last handed out, wrapping below DOMID_FIRST_RESERVED. The time a domctl takes is charged by the
 * caller on its CPU under domctl_lock; this component only keeps the table.
 */
public final class Hypervisor implements LogicalProcess<XenMsg> {

  public sealed interface Command extends XenMsg permits CreateDomain, Populated, UnpauseDomain, KillDomain,
      ReleaseDomain {
  }

  /** Adds a paused domain; answers {@link DomainCreated} or {@link DomainRejected} when no domid is free. */
  public record CreateDomain(String name, LpRef<XenMsg> replyTo) implements Command {
  }

  /** The domain now owns {@code pages[n]} pages on each NUMA node n. */
  public record Populated(int domid, long[] pages) implements Command {
  }

  /** The domain's vCPUs may run. */
  public record UnpauseDomain(int domid) implements Command {
  }

  /** The domain is dying: it stops running; answers {@link Killed} with the pages it owned per node. */
  public record KillDomain(int domid, LpRef<XenMsg> replyTo) implements Command {
  }

  /** The domain is gone and its domid free again. */
  public record ReleaseDomain(int domid) implements Command {
  }

  /** Reply to {@link CreateDomain}. */
  public record DomainCreated(int domid) implements XenMsg {
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
  private final TreeMap<Integer, DomainState> table = new TreeMap<>();
  private final HashMap<Integer, long[]> pages = new HashMap<>();
  private int rover;
  private long created;

  public Hypervisor(int maxDomains, long latency) {
    this.maxDomains = maxDomains;
    this.latency = latency;
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
      created++;
      ctx.send(c.replyTo(), latency, new DomainCreated(domid));
    } else if (message instanceof Populated p) {
      pages.put(p.domid(), p.pages().clone());
    } else if (message instanceof UnpauseDomain u) {
      change(u.domid(), DomainState.paused, DomainState.running);
    } else if (message instanceof KillDomain k) {
      if (!table.containsKey(k.domid())) {
        throw new IllegalStateException("kill of unknown domain " + k.domid());
      }
      table.put(k.domid(), DomainState.dying);
      long[] owned = pages.remove(k.domid());
      ctx.send(k.replyTo(), latency, new Killed(k.domid(), owned == null ? new long[0] : owned));
    } else if (message instanceof ReleaseDomain r) {
      pages.remove(r.domid());
      if (table.remove(r.domid()) == null) {
        throw new IllegalStateException("release of unknown domain " + r.domid());
      }
    } else {
      throw new IllegalArgumentException("hypervisor cannot handle " + message);
    }
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

  /** Final domain table. */
  public record Report(TreeMap<Integer, DomainState> table) {
  }

  public Report report() {
    return new Report(table());
  }

  /** Live domains by domid, in domid order. */
  public TreeMap<Integer, DomainState> table() {
    return new TreeMap<>(table);
  }

  public long created() {
    return created;
  }
}
