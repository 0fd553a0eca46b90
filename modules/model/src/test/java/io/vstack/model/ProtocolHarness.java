package io.vstack.model;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LpRef;
import io.vstack.engine.Model;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.engine.actor.ActorExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A tiny model for protocol tests: processes {@code 0 .. k-1} are the components under test, built by the test so
 * it can read their state after the run, and process {@code k} is a scripted client. In {@code start} the client
 * sends its script of (delay, target, message); every message it receives is forwarded, stamped with the virtual
 * time it arrived, to an Akka probe and kept in {@link #received()}.
 */
public final class ProtocolHarness implements Model {

  /** What the client got, and when (virtual ns). */
  public record Received(long time, XenMsg message) {
  }

  /** A test-only payload, used as a work item's or lock grant's completion message. */
  public record Tag(String name) implements XenMsg {
  }

  private record Send(long delay, int target, XenMsg message) {
  }

  private final long lookahead;
  private final List<LogicalProcess<XenMsg>> components;
  private final ActorRef<Received> probe;
  private final List<Send> script = new ArrayList<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

  @SafeVarargs
  public ProtocolHarness(long lookahead, ActorRef<Received> probe, LogicalProcess<XenMsg>... components) {
    this.lookahead = lookahead;
    this.probe = probe;
    List<LogicalProcess<XenMsg>> list = new ArrayList<>();
    for (LogicalProcess<XenMsg> c : components) {
      list.add(c);
    }
    this.components = List.copyOf(list);
  }

  /** The client's ref for a harness with {@code components} components under test. */
  public static LpRef<XenMsg> clientOf(int components) {
    return LpRef.of(components);
  }

  public LpRef<XenMsg> client() {
    return clientOf(components.size());
  }

  /** Adds one scripted send: {@code message} to process {@code target}, {@code delay} ns after time 0. */
  public ProtocolHarness send(long delay, int target, XenMsg message) {
    script.add(new Send(delay, target, message));
    return this;
  }

  /** Runs the model to quiescence on the actor executor (2 partitions), seed 1. */
  public RunResult run(ActorSystem<?> system) {
    return new ActorExecutor(system, 2).run(this, RunSpec.untilQuiet(1));
  }

  /** The innermost cause of a failed run: the handler's own exception. */
  public static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** Everything the client received, in arrival order. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public int processCount() {
    return components.size() + 1;
  }

  @Override
  public long lookahead() {
    return lookahead;
  }

  @Override
  public LogicalProcess<?> newProcess(int id) {
    return id < components.size() ? components.get(id) : new Client();
  }

  private final class Client implements LogicalProcess<XenMsg> {
    @Override
    public void start(Context<XenMsg> ctx) {
      for (Send s : script) {
        ctx.send(LpRef.<XenMsg>of(s.target()), s.delay(), s.message());
      }
    }

    @Override
    public void handle(XenMsg message, Context<XenMsg> ctx) {
      Received r = new Received(ctx.now(), message);
      received.add(r);
      probe.tell(r);
    }
  }
}
