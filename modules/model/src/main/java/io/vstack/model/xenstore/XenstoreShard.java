package io.vstack.model.xenstore;

import io.vstack.engine.Context;
import io.vstack.engine.LpRef;
import io.vstack.model.Component;
import io.vstack.model.FinalReport;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import io.vstack.model.config.Switches.ConflictRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A xenstored: a single-threaded server ({@link RequestQueue}) over a {@link XenstoreTree}, serving each request for
 * its {@link XenstoreCosts} service time in arrival order. {@link Transactions} buffer their operations and fail with
 * EAGAIN at commit on a conflicting change ({@link Transaction}); {@link Watches} fire an event per changed node at or
 * below the watched path, and once when registered. A restart (a model fault) keeps the store but loses the open
 * transactions. A transaction over several shards commits in two phases ({@link TxPrepare}, then {@link TxCommit} or
 * {@link TxAbort}); while prepared, a {@link Mutation} of a node it holds waits. Firing watches costs time per
 * connection and watch walked ({@link XenstoreCosts#fanOut}), so every change costs more as domains accumulate; the
 * time spent serving is charged to the dom0 vCPU xenstored runs on.
 *
 * <p>Adding a request: its record here (with its trace fields) and in {@link Command}'s list, its {@link Op}, a line
 * in {@link #handle} and its handler; its service time in {@link XenstoreCosts}.
 */
public final class XenstoreShard implements Component {

  public sealed interface Command extends XenMsg permits Read, Write, Remove, Directory, TxStart, TxApply,
      TxCommit, Watch, Unwatch, FindName, ListNames, Introduce, Restart, Disconnect, Update, TxPrepare, TxAbort,
      ChargeDom0 {
  }

  /** Internal: the service time since the last charge goes to the dom0 vCPU xenstored runs on. */
  record ChargeDom0() implements Command {
  }

  /** A request or event about one node, traced by its path. */
  public interface AtPath extends XenMsg {
    String path();

    @Override
    default Map<String, Object> traceFields() {
      return TraceFields.of("path", path());
    }
  }

  /** A request about one transaction, traced by its id. */
  public interface InTransaction extends XenMsg {
    long tx();

    @Override
    default Map<String, Object> traceFields() {
      return TraceFields.of("tx", tx());
    }
  }

  /** A write or removal outside transactions: it waits while a prepared transaction holds its node. */
  public sealed interface Mutation extends AtPath permits Write, Update, Remove {
  }

  /** Phase one of a cross-shard commit: OK holds {@code tx} prepared; EAGAIN (a conflict) ends it. */
  public record TxPrepare(long tx, LpRef<XenMsg> replyTo, long tag) implements Command, InTransaction {
  }

  /** Ends transaction {@code tx} without committing it (another shard refused to prepare); answers OK. */
  public record TxAbort(long tx, LpRef<XenMsg> replyTo, long tag) implements Command, InTransaction {
  }

  /**
   * Writes {@code value} to {@code path} only if the node still exists (a hotplug script checking, in one
   * transaction, that its device was not removed meanwhile); answers ENOENT otherwise.
   */
  public record Update(String path, String value, LpRef<XenMsg> replyTo, long tag) implements Command, Mutation {
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
  public record Read(String path, LpRef<XenMsg> replyTo, long tag) implements Command, AtPath {
  }

  /** Writes one node outside any transaction. */
  public record Write(String path, String value, LpRef<XenMsg> replyTo, long tag) implements Command, Mutation {
  }

  /** Removes a node and its subtree outside any transaction. */
  public record Remove(String path, LpRef<XenMsg> replyTo, long tag) implements Command, Mutation {
  }

  /** Lists a node's children. */
  public record Directory(String path, LpRef<XenMsg> replyTo, long tag) implements Command, AtPath {
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
  public record TxCommit(long tx, LpRef<XenMsg> replyTo, long tag) implements Command, InTransaction {
  }

  /** Registers a watch on {@code path} (and everything below it); fires once right away. */
  public record Watch(String path, String token, LpRef<XenMsg> watcher, long tag) implements Command, AtPath {
  }

  /** Removes a watch. */
  public record Unwatch(String path, String token, LpRef<XenMsg> watcher, long tag) implements Command, AtPath {
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

  /** Outcome of a request. */
  public enum Status { ok, enoent, eagain }

  /** Reply to every request: status, a value (read, find-name) or children, and a transaction id. */
  public record XsReply(long tag, Status status, String value, List<String> children, long tx) implements XenMsg {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("status", status.name());
    }

    static XsReply of(long tag, Status status) {
      return new XsReply(tag, status, null, null, 0);
    }

    static XsReply ofTx(long tag, Status status, long tx) {
      return new XsReply(tag, status, null, null, tx);
    }
  }

  /** Reply to {@link ListNames}: every domain's name and domid. */
  public record Names(long tag, TreeMap<String, Integer> domids) implements XenMsg {
  }

  /** A watch fired: {@code path} changed. */
  public record WatchEvent(String path, String token) implements AtPath {
  }

  /**
   * Request kinds, for the operation counts. A name lookup counts once as {@code find_name} and also as the
   * directory and per-domain reads it stands for; {@code tx_conflict} counts commits and prepares that failed with
   * EAGAIN.
   */
  public enum Op { read, write, remove, directory, tx_start, tx_ops, tx_commit, tx_conflict, watch, unwatch,
    find_name, list_names, introduce, tx_prepare, tx_abort }

  private final int shard;
  private final XenstoreCosts costs;
  private final XenstoreTree tree = new XenstoreTree();
  private final RequestQueue<Op> server;
  private final Transactions transactions;
  private final Watches watches = new Watches();
  private final List<XenMsg> waiting = new ArrayList<>();
  private final List<long[]> restarts;
  private long restarted;

  public XenstoreShard(int shard, XenstoreCosts costs, ConflictRule rule, long latency) {
    this(shard, costs, rule, latency, List.of(), null, 0);
  }

  /**
   * A shard that restarts at each {@code (time, downtime)} of {@code restarts} (model faults) and, as a dom0 process,
   * charges its service time to {@code dom0Pcpu} every {@code chargePeriod} while it works (null: charges nothing).
   */
  public XenstoreShard(int shard, XenstoreCosts costs, ConflictRule rule, long latency, List<long[]> restarts,
      LpRef<XenMsg> dom0Pcpu, long chargePeriod) {
    this.restarts = List.copyOf(restarts);
    this.shard = shard;
    this.costs = costs;
    this.server = new RequestQueue<>(latency, Op.class,
        new XenstoredOnDom0(dom0Pcpu, chargePeriod, latency, new ChargeDom0()));
    this.transactions = new Transactions(shard, rule);
  }

  @Override
  public void start(Context<XenMsg> ctx) {
    tree.write("/local/domain/0/name", "Domain-0");
    tree.write("/local/domain/0/domid", "0");
    for (long[] r : restarts) {
      ctx.schedule(r[0], new Restart(r[1]));
    }
  }

  @Override
  public void handle(XenMsg message, Context<XenMsg> ctx) {
    if (message instanceof Mutation m && transactions.held(m.path())) {
      waiting.add(message);
    } else if (message instanceof Read r) {
      onRead(r, ctx);
    } else if (message instanceof Write w) {
      mutated(tree.write(w.path(), w.value()), Op.write, Status.ok, w.replyTo(), w.tag(), ctx);
    } else if (message instanceof Update u) {
      onUpdate(u, ctx);
    } else if (message instanceof Remove r) {
      List<String> removed = tree.remove(r.path());
      mutated(removed, Op.remove, removed.isEmpty() ? Status.enoent : Status.ok, r.replyTo(), r.tag(), ctx);
    } else if (message instanceof Directory d) {
      onDirectory(d, ctx);
    } else if (message instanceof TxStart t) {
      long id = transactions.start(tree.generation(), t.replyTo());
      server.reply(ctx, Op.tx_start, costs.transactionStart(tree.size()), t.replyTo(),
          XsReply.ofTx(t.tag(), Status.ok, id));
    } else if (message instanceof TxApply a) {
      onApply(a, ctx);
    } else if (message instanceof TxCommit c) {
      onCommit(c, ctx);
    } else if (message instanceof TxPrepare p) {
      onPrepare(p, ctx);
    } else if (message instanceof TxAbort a) {
      onAbort(a, ctx);
    } else if (message instanceof Watch w) {
      onWatch(w, ctx);
    } else if (message instanceof Unwatch u) {
      watches.remove(u.path(), u.token(), u.watcher());
      server.reply(ctx, Op.unwatch, costs.simple(), u.watcher(), XsReply.of(u.tag(), Status.ok));
    } else if (message instanceof FindName f) {
      onFindName(f, ctx);
    } else if (message instanceof ListNames l) {
      int domains = tree.domainCount();
      long delay = server.serve(ctx, Op.list_names, costs.nameLookup(domains), costs.extraRoundTrips(domains + 1));
      ctx.send(l.replyTo(), delay, new Names(l.tag(), tree.names()));
    } else if (message instanceof Introduce i) {
      server.reply(ctx, Op.introduce, costs.simple(), i.replyTo(), XsReply.of(i.tag(), Status.ok));
    } else if (message instanceof Restart r) {
      restarted++;
      transactions.loseOpen();
      server.pause(ctx.now(), r.downtime());
    } else if (message instanceof Disconnect d) {
      onDisconnect(d, ctx);
    } else if (message instanceof ChargeDom0) {
      server.chargeDom0(ctx);
    } else {
      throw new IllegalArgumentException("xenstore shard " + shard + " cannot handle " + message);
    }
  }

  private void onRead(Read r, Context<XenMsg> ctx) {
    String value = tree.read(r.path());
    server.reply(ctx, Op.read, costs.simple(), r.replyTo(),
        new XsReply(r.tag(), value == null ? Status.enoent : Status.ok, value, null, 0));
  }

  private void onUpdate(Update u, Context<XenMsg> ctx) {
    boolean exists = tree.exists(u.path());
    List<String> changed = exists ? tree.write(u.path(), u.value()) : List.of();
    mutated(changed, Op.write, exists ? Status.ok : Status.enoent, u.replyTo(), u.tag(), ctx);
  }

  private void onDirectory(Directory d, Context<XenMsg> ctx) {
    List<String> children = tree.directory(d.path());
    server.reply(ctx, Op.directory, costs.directory(children == null ? 0 : children.size()), d.replyTo(),
        new XsReply(d.tag(), children == null ? Status.enoent : Status.ok, null, children, 0));
  }

  /** Operations of an open transaction, each one request; a transaction lost to a restart answers EAGAIN. */
  private void onApply(TxApply a, Context<XenMsg> ctx) {
    if (transactions.lost(a.tx())) {
      server.reply(ctx, Op.tx_ops, costs.simple(), a.replyTo(), XsReply.ofTx(a.tag(), Status.eagain, a.tx()));
      return;
    }
    transactions.get(a.tx()).add(a.ops(), tree);
    server.count(Op.tx_ops, a.ops().size() - 1L);
    long delay = server.serve(ctx, Op.tx_ops, costs.writes(a.ops().size()), costs.extraRoundTrips(a.ops().size()));
    ctx.send(a.replyTo(), delay, XsReply.ofTx(a.tag(), Status.ok, a.tx()));
  }

  /** A prepared transaction always commits; checking its touched nodes is the commit's per-node cost. */
  private void onCommit(TxCommit c, Context<XenMsg> ctx) {
    Transaction held = transactions.endPrepared(c.tx());
    if (held != null) {
      apply(held, c, ctx);
      released(ctx);
    } else if (transactions.endLost(c.tx())) {
      server.count(Op.tx_conflict, 1);
      server.reply(ctx, Op.tx_commit, costs.simple(), c.replyTo(), XsReply.ofTx(c.tag(), Status.eagain, c.tx()));
    } else {
      Transaction tx = transactions.end(c.tx(), "commit");
      if (transactions.clean(tx, tree)) {
        apply(tx, c, ctx);
      } else {
        server.count(Op.tx_conflict, 1);
        server.reply(ctx, Op.tx_commit, costs.commit(tx.touchedNodes()), c.replyTo(),
            XsReply.ofTx(c.tag(), Status.eagain, c.tx()));
      }
    }
  }

  /** Phase one of a cross-shard commit: one more request; checking the nodes stays in the commit's cost. */
  private void onPrepare(TxPrepare p, Context<XenMsg> ctx) {
    boolean clean = !transactions.endLost(p.tx()) && transactions.prepare(p.tx(), tree);
    if (!clean) {
      server.count(Op.tx_conflict, 1);
    }
    server.reply(ctx, Op.tx_prepare, costs.simple(), p.replyTo(),
        XsReply.ofTx(p.tag(), clean ? Status.ok : Status.eagain, p.tx()));
  }

  private void onAbort(TxAbort a, Context<XenMsg> ctx) {
    boolean held = transactions.abort(a.tx());
    server.reply(ctx, Op.tx_abort, costs.simple(), a.replyTo(), XsReply.ofTx(a.tag(), Status.ok, a.tx()));
    if (held) {
      released(ctx);
    }
  }

  private void onWatch(Watch w, Context<XenMsg> ctx) {
    watches.add(w.path(), w.token(), w.watcher());
    long delay = server.reply(ctx, Op.watch, costs.simple(), w.watcher(), XsReply.of(w.tag(), Status.ok));
    ctx.send(w.watcher(), delay, new WatchEvent(w.path(), w.token()));
  }

  /** Served from the name index, but costed and counted as the directory and per-domain reads it stands for. */
  private void onFindName(FindName f, Context<XenMsg> ctx) {
    Integer domid = tree.domidsNamed(f.name()).isEmpty() ? null : tree.domidsNamed(f.name()).first();
    int domains = tree.domainCount();
    server.count(Op.directory, 1);
    server.count(Op.read, domains);
    long delay = server.serve(ctx, Op.find_name, costs.nameLookup(domains), costs.extraRoundTrips(domains + 1));
    ctx.send(f.replyTo(), delay, new XsReply(f.tag(), Status.ok, domid == null ? null : domid.toString(), null, 0));
  }

  private void onDisconnect(Disconnect d, Context<XenMsg> ctx) {
    boolean held = transactions.disconnect(d.client());
    watches.drop(d.client());
    if (held) {
      released(ctx);
    }
  }

  /** A prepared transaction ended: the requests that waited for it are served now, in arrival order. */
  private void released(Context<XenMsg> ctx) {
    List<XenMsg> again = new ArrayList<>(waiting);
    waiting.clear();
    again.forEach(m -> handle(m, ctx));
  }

  private void apply(Transaction tx, TxCommit c, Context<XenMsg> ctx) {
    List<String> changed = tx.applyTo(tree);
    List<Watches.Fired> fired = watches.fired(changed);
    long delay = server.reply(ctx, Op.tx_commit, costs.commit(tx.touchedNodes()) + fanOut(changed, fired), c.replyTo(),
        XsReply.ofTx(c.tag(), Status.ok, c.tx()));
    send(fired, delay, ctx);
  }

  /** Replies to a write or removal outside transactions, then fires the watches on what it {@code changed}. */
  private void mutated(List<String> changed, Op op, Status status, LpRef<XenMsg> replyTo, long tag,
      Context<XenMsg> ctx) {
    List<Watches.Fired> fired = watches.fired(changed);
    long delay = server.reply(ctx, op, costs.simple() + fanOut(changed, fired), replyTo, XsReply.of(tag, status));
    send(fired, delay, ctx);
  }

  /**
   * Time to fire the watches on what changed: as C xenstored's fire_watches, walking every connection and watch for
   * each changed node and queueing the events, before the request's reply leaves.
   */
  private long fanOut(List<String> changed, List<Watches.Fired> fired) {
    return costs.fanOut(changed.size(), tree.domainCount(), watches.count(), fired.size());
  }

  private void send(List<Watches.Fired> fired, long delay, Context<XenMsg> ctx) {
    for (Watches.Fired f : fired) {
      ctx.send(f.watcher(), delay, new WatchEvent(f.path(), f.token()));
    }
  }

  /**
   * Final state: requests by op, open (and of those, prepared) transactions, the children of the directories the
   * invariants check and every domain's name, time spent serving, and the requests waiting for a prepared one.
   */
  public record Report(int shard, Map<String, Long> ops, int openTransactions, List<String> domains,
      List<String> vms, List<String> libxl, List<String> backends, TreeMap<String, Integer> names, long restarts,
      long abortedTransactions, long busyNanos, int preparedTransactions, int waitingRequests) implements FinalReport {
  }

  public Report report() {
    List<String> backends = new ArrayList<>(tree.children("/local/domain/0/backend/vif"));
    backends.addAll(tree.children("/local/domain/0/backend/vbd"));
    return new Report(shard, server.counts(), transactions.openCount(), tree.children("/local/domain"),
        tree.children("/vm"), tree.children("/libxl"), backends, tree.names(), restarted, transactions.lostTotal(),
        server.busyTotal(), transactions.preparedCount(), waiting.size());
  }

  public XenstoreTree tree() {
    return tree;
  }

  public long ops(Op op) {
    return server.count(op);
  }

  public int watchCount() {
    return watches.count();
  }
}
