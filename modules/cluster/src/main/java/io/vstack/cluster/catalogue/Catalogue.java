package io.vstack.cluster.catalogue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Blocking access to the {@link RunCatalogue} for commands: creates the journal schema on first use. */
public final class Catalogue {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final ActorSystem<?> system;
  private final ActorRef<RunCatalogue.Command> catalogue;

  public Catalogue(ActorSystem<?> system) {
    this.system = system;
    JournalDatabase.ensureSchema(system);
    this.catalogue = system.systemActorOf(RunCatalogue.create(), "vstack-run-catalogue-"
        + INSTANCES.incrementAndGet(), Props.empty());
  }

  public void started(RunCatalogue.Entry entry) {
    AskPattern.<RunCatalogue.Command, RunCatalogue.Done>ask(catalogue, reply -> new RunCatalogue.Start(entry, reply),
        TIMEOUT, system.scheduler()).toCompletableFuture().join();
  }

  public void finished(String id, String status, String location) {
    AskPattern.<RunCatalogue.Command, RunCatalogue.Done>ask(catalogue,
        reply -> new RunCatalogue.Finish(id, status, location, reply), TIMEOUT, system.scheduler())
        .toCompletableFuture().join();
  }

  public List<RunCatalogue.Entry> runs() {
    return AskPattern.<RunCatalogue.Command, RunCatalogue.Runs>ask(catalogue, RunCatalogue.ListRuns::new, TIMEOUT,
        system.scheduler()).toCompletableFuture().join().runs();
  }

  /** {@code started} for a run whose process is gone: it was interrupted, not complete. */
  public static String displayStatus(RunCatalogue.Entry e) {
    if (!e.status().equals("started")) {
      return e.status();
    }
    return ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false) ? "running" : "interrupted";
  }
}
