package io.vstack.model.xenstore;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Switches.ConflictRule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A xenstored: a single-threaded server over a {@link XenstoreTree}. Requests are served one at a time in arrival
 * order, each occupying the server for its {@link XenstoreCosts} service time; the reply leaves when service
 * ends. Transactions buffer their operations and fail with EAGAIN at commit under the configured conflict rule:
 * {@code store}, any change to the store since the transaction started; {@code node}, a change to a node it
 * touched since it started (written or removed; an absent node counts as possibly removed when its nearest ancestor
 * changed after the start, which can make a concurrent sibling creation conflict: a retry, never a lost update).
 * Watches fire an event per changed node at or below the watched path, and once when registered. A restart (a
 * model fault) keeps the store but loses the open transactions: their commits fail with EAGAIN.
 *
 * <p>A transaction that spans shards commits in two phases: {@link TxPrepare} checks its conflicts as a commit would
 * and, if clean, holds it prepared until {@link TxCommit} applies it or {@link TxAbort} drops it. While prepared it
 * holds what its conflict rule checks: under {@code store} the whole shard, under {@code node} the nodes it touched.
 * Another transaction's commit or prepare that needs what is held fails with EAGAIN (never waits, so two cross-shard
 * transactions cannot deadlock); a write or removal outside transactions on a held node (or above or below it) waits
 * until the holder commits or aborts. A prepared transaction survives a restart, as the store does; it ends with its
 * client's connection.
 */
public final class XenstoreShard implements Component {

  public sealed interface Command extends XenMsg permits Read, Write, Remove, Directory, TxStart, TxApply,
      TxCommit, Watch, Unwatch, FindName, ListNames, Introduce, Restart, Disconnect, Update, TxPrepare, TxAbort {
  }

  /** Phase one of a cross-shard commit: OK holds {@code tx} prepared; EAGAIN (a conflict) ends it. */
  public record TxPrepare(long tx, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("tx", tx);
    }
  }

  /** Ends transaction {@code tx} without committing it (another shard refused to prepare); answers OK. */
  public record TxAbort(long tx, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("tx", tx);
    }
  }

  /**
   * Writes {@code value} to {@code path} only if the node still exists (a hotplug script checking, in one
   * transaction, that its device was not removed meanwhile); answers ENOENT otherwise.
   */
  public record Update(String path, String value, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("path", path);
    }
  }

  /**
   * The client {@code client} is gone (its xl process was killed): like xenstored closing a dead connection, its open
   * transactions end uncommitted and its watches are dropped. No reply.
   */
  public record Disconnect(LpRef<XenMsg> client) implements Command {
  }

  /** Fault: xenstored restarts and is away for {@code downtime}; open transactions are lost. */
  public record Restart(long downtime) implements Command {
  }

  /** Reads one node. */
  public record Read(String path, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("path", path);
    }
  }

  /** Writes one node outside any transaction. */
  public record Write(String path, String value, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("path", path);
    }
  }

  /** Removes a node and its subtree outside any transaction. */
  public record Remove(String path, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("path", path);
    }
  }

  /** Lists a node's children. */
  public record Directory(String path, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("path", path);
    }
  }

  /** Starts a transaction; the reply carries its id. */
  public record TxStart(LpRef<XenMsg> replyTo, long tag) implements Command {
  }

  /** Writes or removes nodes inside transaction {@code tx}; stands for one request per operation. */
  public record TxApply(long tx, List<TxOp> ops, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("tx", tx, "ops", ops.size());
    }

    /** Immutable, and of one list type whoever built it, so it crosses the wire byte for byte as it was sent. */
    public TxApply {
      ops = List.copyOf(ops);
    }
  }

  /**
   * Commits transaction {@code tx}: OK, or EAGAIN when a conflicting change happened since it started; a prepared
   * transaction always commits.
   */
  public record TxCommit(long tx, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("tx", tx);
    }
  }

  /** Registers a watch on {@code path} (and everything below it); fires once right away. */
  public record Watch(String path, String token, LpRef<XenMsg> watcher, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("path", path);
    }
  }

  /** Removes a watch. */
  public record Unwatch(String path, String token, LpRef<XenMsg> watcher, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("path", path);
    }
  }

  /** libxl_name_to_domid: lists every domain and reads its name; the reply's value is a domid or null. */
  public record FindName(String name, LpRef<XenMsg> replyTo, long tag) implements Command {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("name", name);
    }
  }

  /** Lists every domain's name and domid, as a cache filling itself does. */
  public record ListNames(LpRef<XenMsg> replyTo, long tag) implements Command {
  }

  /** XS_INTRODUCE: tells xenstored about a new domain's ring. */
  public record Introduce(int domid, LpRef<XenMsg> replyTo, long tag) implements Command {
  }

  /** One write ({@code value} not null) or removal inside a transaction. */
  public record TxOp(String path, String value) implements Serializable {
    public static TxOp write(String path, String value) {
      return new TxOp(path, value);
    }

    public static TxOp remove(String path) {
      return new TxOp(path, null);
    }
  }

  /** Outcome of a request. */
  public enum Status { ok, enoent, eagain }

  /** Reply to every request: status, a value (read, find-name) or children, and a transaction id. */
  public record XsReply(long tag, Status status, String value, List<String> children, long tx) implements XenMsg {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("status", status.name());
    }
  }

  /** Reply to {@link ListNames}: every domain's name and domid. */
  public record Names(long tag, TreeMap<String, Integer> domids) implements XenMsg {
  }

  /** A watch fired: {@code path} changed. */
  public record WatchEvent(String path, String token) implements XenMsg {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("path", path);
    }
  }

  /**
   * Request kinds, for the operation counts. A name lookup counts once as {@code find_name} and also as the
   * directory and per-domain reads it stands for; {@code tx_conflict} counts commits and prepares that failed with
   * EAGAIN.
   */
  public enum Op { read, write, remove, directory, tx_start, tx_ops, tx_commit, tx_conflict, watch, unwatch,
    find_name, list_names, introduce, tx_prepare, tx_abort }

  private record WatchEntry(String token, LpRef<XenMsg> watcher) implements Serializable {
  }

  private static final class Tx implements Serializable {
    final long start;
    final LpRef<XenMsg> owner;
    final List<TxOp> ops = new ArrayList<>();
    /** Each node the transaction touched, and whether it may have existed since the transaction started. */
    final Map<String, Boolean> touched = new LinkedHashMap<>();

    Tx(long start, LpRef<XenMsg> owner) {
      this.start = start;
      this.owner = owner;
    }
  }

  private final int shard;
  private final XenstoreCosts costs;
  private final ConflictRule rule;
  private final long latency;
  private final XenstoreTree tree = new XenstoreTree();
  private final TreeMap<String, List<WatchEntry>> watches = new TreeMap<>();
  private final Map<Long, Tx> transactions = new HashMap<>();
  private final TreeMap<Long, Tx> prepared = new TreeMap<>();
  private final List<XenMsg> waiting = new ArrayList<>();
  private final java.util.Set<Long> aborted = new java.util.HashSet<>();
  private final List<Long> restarts;
  private long restarted;
  private long abortedTotal;
  private final EnumMap<Op, Long> ops = new EnumMap<>(Op.class);
  private long nextTx = 1;
  private long busyUntil;
  private long busyTotal;

  public XenstoreShard(int shard, XenstoreCosts costs, ConflictRule rule, long latency) {
    this(shard, costs, rule, latency, List.of());
  }

  /** A shard that restarts at each {@code (time, downtime)} of {@code restarts} (model faults). */
  public XenstoreShard(int shard, XenstoreCosts costs, ConflictRule rule, long latency, List<long[]> restarts) {
    this.restarts = new ArrayList<>();
    restarts.forEach(r -> {
      this.restarts.add(r[0]);
      this.restarts.add(r[1]);
    });
    this.shard = shard;
    this.costs = costs;
    this.rule = rule;
    this.latency = latency;
    for (Op op : Op.values()) {
      ops.put(op, 0L);
    }
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    tree.write("/local/domain/0/name", "Domain-0");
    tree.write("/local/domain/0/domid", "0");
    for (int i = 0; i < restarts.size(); i += 2) {
      ctx.schedule(restarts.get(i), new Restart(restarts.get(i + 1)));
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (!prepared.isEmpty() && waitsForPrepared(message)) {
      waiting.add(message);
    } else if (message instanceof Read r) {
      String value = tree.read(r.path());
      reply(ctx, Op.read, costs.simple(), 0, r.replyTo(), r.tag(), value == null ? Status.enoent : Status.ok, value,
          null, 0);
    } else if (message instanceof Write w) {
      List<String> changed = tree.write(w.path(), w.value());
      long delay = reply(ctx, Op.write, costs.simple(), 0, w.replyTo(), w.tag(), Status.ok, null, null, 0);
      fire(changed, delay, ctx);
    } else if (message instanceof Update u) {
      boolean exists = tree.exists(u.path());
      List<String> changed = exists ? tree.write(u.path(), u.value()) : List.of();
      long delay = reply(ctx, Op.write, costs.simple(), 0, u.replyTo(), u.tag(), exists ? Status.ok : Status.enoent,
          null, null, 0);
      fire(changed, delay, ctx);
    } else if (message instanceof Remove r) {
      List<String> removed = tree.remove(r.path());
      long delay = reply(ctx, Op.remove, costs.simple(), 0, r.replyTo(), r.tag(),
          removed.isEmpty() ? Status.enoent : Status.ok, null, null, 0);
      fire(removed, delay, ctx);
    } else if (message instanceof Directory d) {
      List<String> children = tree.directory(d.path());
      reply(ctx, Op.directory, costs.directory(children == null ? 0 : children.size()), 0, d.replyTo(), d.tag(),
          children == null ? Status.enoent : Status.ok, null, children, 0);
    } else if (message instanceof TxStart t) {
      long id = nextTx++;
      transactions.put(id, new Tx(tree.generation(), t.replyTo()));
      reply(ctx, Op.tx_start, costs.transactionStart(tree.size()), 0, t.replyTo(), t.tag(), Status.ok, null, null, id);
    } else if (message instanceof Restart r) {
      restarted++;
      abortedTotal += transactions.size();
      aborted.addAll(transactions.keySet());
      transactions.clear();
      busyUntil = Math.max(busyUntil, ctx.now()) + r.downtime();
    } else if (message instanceof Disconnect d) {
      transactions.values().removeIf(tx -> tx.owner.equals(d.client()));
      watches.values().forEach(list -> list.removeIf(w -> w.watcher().equals(d.client())));
      watches.values().removeIf(List::isEmpty);
      if (prepared.values().removeIf(tx -> tx.owner.equals(d.client()))) {
        released(ctx);
      }
    } else if (message instanceof TxApply a && aborted.contains(a.tx())) {
      reply(ctx, Op.tx_ops, costs.simple(), 0, a.replyTo(), a.tag(), Status.eagain, null, null, a.tx());
    } else if (message instanceof TxApply a) {
      Tx tx = transaction(a.tx());
      tx.ops.addAll(a.ops());
      a.ops().forEach(op -> tx.touched.putIfAbsent(op.path(), mayHaveExisted(op.path(), tx.start)));
      count(Op.tx_ops, a.ops().size() - 1L);
      reply(ctx, Op.tx_ops, costs.writes(a.ops().size()), costs.extraRoundTrips(a.ops().size()), a.replyTo(),
          a.tag(), Status.ok, null, null, a.tx());
    } else if (message instanceof TxCommit c) {
      commit(c, ctx);
    } else if (message instanceof TxPrepare p) {
      prepare(p, ctx);
    } else if (message instanceof TxAbort a) {
      transactions.remove(a.tx());
      aborted.remove(a.tx());
      boolean held = prepared.remove(a.tx()) != null;
      reply(ctx, Op.tx_abort, costs.simple(), 0, a.replyTo(), a.tag(), Status.ok, null, null, a.tx());
      if (held) {
        released(ctx);
      }
    } else if (message instanceof Watch w) {
      watches.computeIfAbsent(w.path(), k -> new ArrayList<>()).add(new WatchEntry(w.token(), w.watcher()));
      long delay = reply(ctx, Op.watch, costs.simple(), 0, w.watcher(), w.tag(), Status.ok, null, null, 0);
      ctx.send(w.watcher(), delay, new WatchEvent(w.path(), w.token()));
    } else if (message instanceof Unwatch u) {
      List<WatchEntry> list = watches.get(u.path());
      if (list != null) {
        list.remove(new WatchEntry(u.token(), u.watcher()));
        if (list.isEmpty()) {
          watches.remove(u.path());
        }
      }
      reply(ctx, Op.unwatch, costs.simple(), 0, u.watcher(), u.tag(), Status.ok, null, null, 0);
    } else if (message instanceof FindName f) {
      Integer domid = tree.domidsNamed(f.name()).isEmpty() ? null : tree.domidsNamed(f.name()).first();
      int domains = tree.domainCount();
      count(Op.directory, 1);
      count(Op.read, domains);
      reply(ctx, Op.find_name, costs.nameLookup(domains), costs.extraRoundTrips(domains + 1), f.replyTo(), f.tag(),
          Status.ok, domid == null ? null : domid.toString(), null, 0);
    } else if (message instanceof ListNames l) {
      int domains = tree.domainCount();
      long delay = serve(ctx, Op.list_names, costs.nameLookup(domains), costs.extraRoundTrips(domains + 1));
      ctx.send(l.replyTo(), delay, new Names(l.tag(), names()));
    } else if (message instanceof Introduce i) {
      reply(ctx, Op.introduce, costs.simple(), 0, i.replyTo(), i.tag(), Status.ok, null, null, 0);
    } else {
      throw new IllegalArgumentException("xenstore shard " + shard + " cannot handle " + message);
    }
  }

  private void commit(TxCommit c, Context<XenMsg> ctx) {
    Tx held = prepared.remove(c.tx());
    if (held != null) {
      apply(held, c, ctx);
      released(ctx);
      return;
    }
    if (aborted.remove(c.tx())) {
      count(Op.tx_conflict, 1);
      reply(ctx, Op.tx_commit, costs.simple(), 0, c.replyTo(), c.tag(), Status.eagain, null, null, c.tx());
      return;
    }
    Tx tx = transactions.remove(c.tx());
    if (tx == null) {
      throw new IllegalStateException("commit of unknown transaction " + c.tx() + " on shard " + shard);
    }
    if (conflicts(tx) || blockedByPrepared(tx)) {
      count(Op.tx_conflict, 1);
      reply(ctx, Op.tx_commit, costs.commit(tx.touched.size()), 0, c.replyTo(), c.tag(), Status.eagain, null, null,
          c.tx());
      return;
    }
    apply(tx, c, ctx);
  }

  /**
   * Phase one of a cross-shard commit. The prepare is one more request ({@code op}); checking the touched nodes
   * stays in the commit's per-node cost.
   */
  private void prepare(TxPrepare p, Context<XenMsg> ctx) {
    if (aborted.remove(p.tx())) {
      count(Op.tx_conflict, 1);
      reply(ctx, Op.tx_prepare, costs.simple(), 0, p.replyTo(), p.tag(), Status.eagain, null, null, p.tx());
      return;
    }
    Tx tx = transactions.remove(p.tx());
    if (tx == null) {
      throw new IllegalStateException("prepare of unknown transaction " + p.tx() + " on shard " + shard);
    }
    boolean clean = !conflicts(tx) && !blockedByPrepared(tx);
    if (clean) {
      prepared.put(p.tx(), tx);
    } else {
      count(Op.tx_conflict, 1);
    }
    reply(ctx, Op.tx_prepare, costs.simple(), 0, p.replyTo(), p.tag(), clean ? Status.ok : Status.eagain, null,
        null, p.tx());
  }

  /** Whether a prepared transaction holds what {@code tx} needs: the whole shard (store rule) or a node of it. */
  private boolean blockedByPrepared(Tx tx) {
    if (prepared.isEmpty()) {
      return false;
    }
    if (rule == ConflictRule.store) {
      return true;
    }
    for (String path : tx.touched.keySet()) {
      if (held(path)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a write or removal outside transactions must wait for a prepared transaction to end. */
  private boolean waitsForPrepared(XenMsg message) {
    if (message instanceof Write w) {
      return held(w.path());
    } else if (message instanceof Update u) {
      return held(u.path());
    } else if (message instanceof Remove r) {
      return held(r.path());
    }
    return false;
  }

  /** Whether {@code path}, a node above it or a node below it was touched by a prepared transaction. */
  private boolean held(String path) {
    for (Tx tx : prepared.values()) {
      for (String touched : tx.touched.keySet()) {
        if (touched.equals(path) || touched.startsWith(path + "/") || path.startsWith(touched + "/")) {
          return true;
        }
      }
    }
    return false;
  }

  /** A prepared transaction ended: the requests that waited for it are served now, in arrival order. */
  private void released(Context<XenMsg> ctx) {
    List<XenMsg> again = new ArrayList<>(waiting);
    waiting.clear();
    again.forEach(m -> handle(m, ctx));
  }

  private void apply(Tx tx, TxCommit c, Context<XenMsg> ctx) {
    List<String> changed = new ArrayList<>();
    for (TxOp op : tx.ops) {
      changed.addAll(op.value() == null ? tree.remove(op.path()) : tree.write(op.path(), op.value()));
    }
    long delay = reply(ctx, Op.tx_commit, costs.commit(tx.touched.size()), 0, c.replyTo(), c.tag(), Status.ok,
        null, null, c.tx());
    fire(changed, delay, ctx);
  }

  private boolean conflicts(Tx tx) {
    if (rule == ConflictRule.store) {
      return tree.generation() != tx.start;
    }
    for (Map.Entry<String, Boolean> touched : tx.touched.entrySet()) {
      boolean exists = tree.exists(touched.getKey());
      if (exists ? tree.modified(touched.getKey()) > tx.start : touched.getValue()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code path} exists or may have existed since generation {@code start}: an absent node whose nearest
   * ancestor changed since then may have been removed meanwhile.
   */
  private boolean mayHaveExisted(String path, long start) {
    return tree.exists(path) || tree.modifiedNearest(path) > start;
  }

  private Tx transaction(long id) {
    Tx tx = transactions.get(id);
    if (tx == null) {
      throw new IllegalStateException("unknown transaction " + id + " on shard " + shard);
    }
    return tx;
  }

  private void fire(List<String> changed, long delay, Context<XenMsg> ctx) {
    if (watches.isEmpty()) {
      return;
    }
    for (String path : changed) {
      for (String p = path; ; p = XenstoreTree.parent(p)) {
        List<WatchEntry> list = watches.get(p);
        if (list != null) {
          for (WatchEntry w : list) {
            ctx.send(w.watcher(), delay, new WatchEvent(path, w.token()));
          }
        }
        if (p.equals("/")) {
          break;
        }
      }
    }
  }

  private long reply(Context<XenMsg> ctx, Op op, long service, long extra, LpRef<XenMsg> to, long tag,
      Status status, String value, List<String> children, long tx) {
    long delay = serve(ctx, op, service, extra);
    ctx.send(to, delay, new XsReply(tag, status, value, children, tx));
    return delay;
  }

  /** Occupies the server for {@code service} after what is queued; returns the reply's delay from now. */
  private long serve(Context<XenMsg> ctx, Op op, long service, long extra) {
    count(op, 1);
    long start = Math.max(ctx.now(), busyUntil);
    busyUntil = start + service;
    busyTotal += service;
    return busyUntil - ctx.now() + latency + extra;
  }

  private void count(Op op, long n) {
    ops.merge(op, n, Long::sum);
  }

  private TreeMap<String, Integer> names() {
    TreeMap<String, Integer> out = new TreeMap<>();
    List<String> domains = tree.directory("/local/domain");
    for (String d : domains == null ? List.<String>of() : domains) {
      String name = tree.read("/local/domain/" + d + "/name");
      if (!d.equals("0") && name != null) {
        out.put(name, Integer.parseInt(d));
      }
    }
    return out;
  }

  /**
   * Final state: requests by op, open transactions, and the children of the directories the invariants check
   * ({@code /local/domain}, {@code /vm}, {@code /libxl}, the vif and vbd backends) with every domain's name, and
   * the time spent serving requests; of the open transactions, those prepared, and the requests waiting for one.
   */
  public record Report(int shard, Map<String, Long> ops, int openTransactions, List<String> domains,
      List<String> vms, List<String> libxl, List<String> backends, TreeMap<String, Integer> names, long restarts,
      long abortedTransactions, long busyNanos, int preparedTransactions, int waitingRequests) implements FinalReport {
  }

  public Report report() {
    Map<String, Long> byOp = new java.util.LinkedHashMap<>();
    ops.forEach((op, n) -> byOp.put(op.name(), n));
    List<String> backends = new ArrayList<>(children("/local/domain/0/backend/vif"));
    backends.addAll(children("/local/domain/0/backend/vbd"));
    return new Report(shard, byOp, openTransactions(), children("/local/domain"), children("/vm"),
        children("/libxl"), backends, names(), restarted, abortedTotal, busyTotal, prepared.size(), waiting.size());
  }

  private List<String> children(String path) {
    List<String> c = tree.directory(path);
    return c == null ? List.of() : c;
  }

  public XenstoreTree tree() {
    return tree;
  }

  public long ops(Op op) {
    return ops.get(op);
  }

  public long busyTotal() {
    return busyTotal;
  }

  public int openTransactions() {
    return transactions.size() + prepared.size();
  }

  public int preparedTransactions() {
    return prepared.size();
  }

  public int watchCount() {
    return watches.values().stream().mapToInt(List::size).sum();
  }
}
