package io.vstack.cluster.checkpoint;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import io.vstack.cluster.catalogue.JournalDatabase;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Access to one run's {@link CheckpointJournal} for commands: creates the journal schema on first use. Keep one per
 * run and process: Akka Persistence allows only one live actor per persistence id, and a second writer fails.
 */
public final class Checkpoints {
  private static final Duration TIMEOUT = JournalDatabase.REPLY_TIMEOUT;
  /**
   * A failed write gets no answer (the journal restarts with backoff), so a save that has not been acknowledged by
   * then counts as failed and the next barrier tries again.
   */
  private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(10);
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final ActorSystem<?> system;
  private final ActorRef<CheckpointJournal.Command> journal;

  public Checkpoints(ActorSystem<?> system, String runId) {
    this.system = system;
    JournalDatabase.ensureSchema(system);
    this.journal = system.systemActorOf(CheckpointJournal.create(runId), "vstack-checkpoints-"
        + INSTANCES.incrementAndGet(), Props.empty());
  }

  /** Records the run's plan; blocks until it is stored. */
  public void plan(byte[] plan) {
    AskPattern.<CheckpointJournal.Command, CheckpointJournal.Done>ask(journal,
        reply -> new CheckpointJournal.Plan(plan, reply), TIMEOUT, system.scheduler()).toCompletableFuture().join();
  }

  /** Stores a checkpoint; completes when it is durable, fails if it could not be written. */
  public CompletionStage<CheckpointJournal.Done> save(CheckpointJournal.Stored checkpoint) {
    return AskPattern.ask(journal, reply -> new CheckpointJournal.Save(checkpoint, reply), SAVE_TIMEOUT,
        system.scheduler());
  }

  /** Drops the checkpoint of a run that finished; blocks until stored. */
  public void discard() {
    AskPattern.<CheckpointJournal.Command, CheckpointJournal.Done>ask(journal, CheckpointJournal.Discard::new,
        TIMEOUT, system.scheduler()).toCompletableFuture().join();
  }

  /** The run's plan and latest checkpoint. */
  public CheckpointJournal.State latest() {
    return AskPattern.<CheckpointJournal.Command, CheckpointJournal.State>ask(journal,
        CheckpointJournal.Latest::new, TIMEOUT, system.scheduler()).toCompletableFuture().join();
  }
}
