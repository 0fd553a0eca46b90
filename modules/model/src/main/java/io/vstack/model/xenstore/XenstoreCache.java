package io.vstack.model.xenstore;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paper's toolstack-side Xenstore cache: the domain list and name-to-domid map, so a creation no longer lists
 * every domain through xenstored. It fills itself from the shards on first use (those lookups count as misses)
 * and is kept exact by the toolstack: a domain is inserted once its Xenstore entries are committed and removed
 * before its entries are deleted, so a lookup never sees a domain Xenstore no longer has.
 */
public final class XenstoreCache implements Component {

  public sealed interface Command extends XenMsg permits Lookup, Insert, Remove {
  }

  /** Which domid has {@code name}? Answers an {@link XenstoreShard.XsReply} whose value is the domid or null. */
  public record Lookup(String name, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("name", name);
    }
  }

  /** {@code name} is now domain {@code domid}. */
  public record Insert(String name, int domid) implements Command {
  }

  /** {@code name} is gone. */
  public record Remove(String name) implements Command {
  }

  private final List<LpRef<XenMsg>> shards;
  private final long lookupCost;
  private final long latency;
  private final LpRef<XenMsg> self;
  private final TreeMap<String, Integer> domids = new TreeMap<>();
  private final List<Lookup> waiting = new ArrayList<>();
  private final List<Command> changedWhileLoading = new ArrayList<>();
  private boolean loaded;
  private int shardsAnswered;
  private long hits;
  private long misses;

  public XenstoreCache(List<LpRef<XenMsg>> shards, long lookupCost, long latency, LpRef<XenMsg> self) {
    this.shards = List.copyOf(shards);
    this.lookupCost = lookupCost;
    this.latency = latency;
    this.self = self;
  }

  @Override
  public void start(Context<XenMsg> ctx) {
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Lookup l) {
      if (loaded) {
        hits++;
        answer(l, ctx);
      } else {
        misses++;
        if (waiting.isEmpty()) {
          shards.forEach(s -> ctx.send(s, latency, new XenstoreShard.ListNames(self, 0)));
        }
        waiting.add(l);
      }
    } else if (message instanceof XenstoreShard.Names n) {
      domids.putAll(n.domids());
      if (++shardsAnswered == shards.size()) {
        loaded = true;
        changedWhileLoading.forEach(this::apply);
        changedWhileLoading.clear();
        waiting.forEach(l -> answer(l, ctx));
        waiting.clear();
      }
    } else if (message instanceof Insert || message instanceof Remove) {
      if (!loaded && !waiting.isEmpty()) {
        changedWhileLoading.add((Command) message);
      }
      apply((Command) message);
    } else {
      throw new IllegalArgumentException("xenstore cache cannot handle " + message);
    }
  }

  /** Applies an insert or removal; while a fill is in flight it is replayed over the fill's snapshot too. */
  private void apply(Command change) {
    if (change instanceof Insert i) {
      domids.put(i.name(), i.domid());
    } else if (change instanceof Remove r) {
      domids.remove(r.name());
    }
  }

  private void answer(Lookup l, Context<XenMsg> ctx) {
    Integer domid = domids.get(l.name());
    ctx.send(l.replyTo(), lookupCost + latency, new XenstoreShard.XsReply(l.tag(), XenstoreShard.Status.ok,
        domid == null ? null : domid.toString(), null, 0));
  }

  /** Final figures: hits, misses and what is cached. */
  public record Report(long hits, long misses, TreeMap<String, Integer> entries) implements FinalReport {
  }

  public Report report() {
    return new Report(hits, misses, entries());
  }

  public long hits() {
    return hits;
  }

  public long misses() {
    return misses;
  }

  /** The cached name-to-domid map. */
  public TreeMap<String, Integer> entries() {
    return new TreeMap<>(domids);
  }
}
