package io.vstack.cluster.catalogue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Blocking access to one run's {@link RunLog} for the process that runs it (the entry's only writer); creates the
 * journal schema on first use. Keep one per run and process.
 */
public final class Catalogue {
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final ActorSystem<?> system;
  private final ActorRef<RunLog.Command> log;

  public Catalogue(ActorSystem<?> system, String runId) {
    this.system = system;
    JournalDatabase.ensureSchema(system);
    this.log = system.systemActorOf(RunLog.create(runId), "vstack-run-log-" + INSTANCES.incrementAndGet(),
        Props.empty());
  }

  /** The run's entry, or null if it was never recorded. */
  public RunEntry recorded() {
    return this.<RunLog.State>ask(RunLog.Get::new).entry();
  }

  /** Records that the run started. */
  public void started(RunEntry entry) {
    this.<RunLog.Done>ask(reply -> new RunLog.Start(entry, reply));
  }

  /** Records that this process runs it again; its first start stays. */
  public void resumedHere() {
    ProcessHandle self = ProcessHandle.current();
    this.<RunLog.Done>ask(reply -> new RunLog.Resume(self.pid(), RunEntry.processStart(self), reply));
  }

  /** Records that the run ended with {@code status}: {@code complete}, or {@code failed} for {@code reason}. */
  public void finished(String status, String location, String reason) {
    this.<RunLog.Done>ask(reply -> new RunLog.Finish(status, location, reason, reply));
  }

  private <T> T ask(Function<ActorRef<T>, RunLog.Command> message) {
    CompletionStage<T> reply = AskPattern.ask(log, message::apply, JournalDatabase.REPLY_TIMEOUT,
        system.scheduler());
    try {
      return reply.toCompletableFuture().join();
    } catch (RuntimeException e) {
      throw JournalDatabase.unavailable(system.settings().config(), e);
    }
  }
}
