/**
 * A conservative, windowed discrete-event engine whose results do not depend on how a model is run. This page is
 * the engine's ordering and determinism contract: what a model may rely on, and what it may not.
 *
 * <h2>Model and time</h2>
 * A {@link io.vstack.engine.Model} is a fixed set of {@link io.vstack.engine.LogicalProcess}es numbered
 * {@code 0 .. processCount() - 1} (at most 2^23) and a lookahead {@code L > 0}. Virtual time is a {@code long} of
 * ticks (the Xen model uses nanoseconds); wall clock never enters it. Each process is called {@code start} once at
 * time 0, then {@code handle} once per event addressed to it. A handler sees only its
 * {@link io.vstack.engine.Context}: {@code now()}, {@code self()}, {@code send}, {@code schedule} and
 * {@code random()}.
 *
 * <h2>Sends and lookahead</h2>
 * <ul>
 *   <li>{@code send(target, delay, m)} to another process is delivered at {@code now() + delay} and needs
 *       {@code delay >= L}; a shorter delay fails the run with {@link io.vstack.engine.LookaheadViolation}.</li>
 *   <li>{@code schedule(delay, m)} (and a send to oneself) may use any {@code delay >= 0}, including 0: the event
 *       is handled after the current one, in the order below.</li>
 *   <li>A negative delay, one that overflows virtual time, or a {@code null} message fails the run.</li>
 * </ul>
 *
 * <h2>Ordering of events at one process</h2>
 * Every event carries the key {@code (time, sender id, sender's send sequence number)}: the sequence number counts
 * every send and schedule the sender has made, from 0, so the key is unique per event and is fixed by the sender
 * when it sends, never by thread scheduling or arrival order ({@code core.Ties} packs the last two into one long).
 * Each process handles its events in increasing key order. Consequently:
 * <ul>
 *   <li>same-time events at one process are handled in order of sender id, and those of one sender in the order it
 *       sent them;</li>
 *   <li>a process's clock never goes back: an event stamped before it fails the run with
 *       {@link io.vstack.engine.CausalityViolation} (a model cannot cause one, as no delay is negative: it
 *       would be an executor's fault);</li>
 *   <li>there is no order between events at different processes beyond causality: the sequential executor happens
 *       to handle them in one global order, the parallel ones handle them concurrently, and a model must not depend
 *       on either.</li>
 * </ul>
 *
 * <h2>Windows</h2>
 * The windowed executors advance in windows {@code [T, min(T + L, horizon))} opened by
 * {@code window.ClockCoordinator}. Because every send to another process has {@code delay >= L}, nothing sent
 * inside a window lands inside it at another process, so all processes handle their window's events in parallel;
 * a process's own zero-delay and short schedules are handled within the same window. The next {@code T} is the
 * earliest pending event anywhere, so empty stretches of virtual time are skipped. Completion of a window is
 * detected by counting the batches partitions report sent and received, never by time-outs or sleeps. Windows
 * are invisible to handlers; only {@link io.vstack.engine.RunResult#windows()} counts them.
 *
 * <h2>Randomness</h2>
 * Each process has its own {@link io.vstack.engine.LpRandom} (SplitMix64, one long of state), seeded from
 * {@code (run seed, process id)} by a SplitMix64 mix: no stream is shared, and no draw depends on creation or
 * scheduling order. Its state is part of a checkpoint, so a resumed run draws what the uninterrupted one would.
 * Models must use {@code StrictMath} for transcendental functions, so that results do not depend on JIT
 * intrinsics.
 *
 * <h2>What every executor guarantees</h2>
 * For the same model, {@link io.vstack.engine.RunSpec} (seed and horizon) and process count, every
 * {@link io.vstack.engine.Executor} (sequential, actor, partitioned, and the cluster executor in
 * {@code io.vstack.cluster}), with any number of threads or partitions, delivers to each process the same events
 * in the same order, and so returns the same {@link io.vstack.engine.RunResult} apart from {@code windows}
 * ({@link io.vstack.engine.RunResult#sameOutcomeAs}): events delivered, time of the last one, and the sequence hash.
 * <ul>
 *   <li>The sequence hash folds, per process, each handled event's time, key and message class name (not its
 *       contents, and not identity hashes, so it is the same in every JVM), then folds the processes' hashes in id
 *       order.</li>
 *   <li>Events stamped at or after the horizon are not delivered; {@link io.vstack.engine.RunSpec#untilQuiet}
 *       runs until nothing is pending.</li>
 *   <li>A run that checkpoints at window barriers, or resumes from such a checkpoint (on any executor and
 *       partition count that can checkpoint), has the outcome of an uninterrupted run.</li>
 *   <li>A {@link io.vstack.engine.DeliveryListener} sees each event just before its handler runs, for one receiver
 *       in that receiver's order; under parallel executors calls for different receivers interleave, from many
 *       threads.</li>
 *   <li>A handler exception or a protocol violation fails the whole run with it as the cause.</li>
 * </ul>
 * The guarantee holds only if handlers are deterministic themselves: their behaviour may depend on their own
 * state, their messages, {@code now()} and {@code random()}, never on wall clock, hash-map iteration order of
 * identity-hashed keys, or shared mutable state between processes.
 */
package io.vstack.engine;
