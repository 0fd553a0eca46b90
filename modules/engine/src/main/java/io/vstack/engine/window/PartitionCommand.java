package io.vstack.engine.window;

import akka.actor.typed.ActorRef;
import java.util.List;

/**
 * What the {@link ClockCoordinator} tells a partition. A partition hosts a contiguous block of logical processes
 * (as child actors or in-line), answers every window it is opened for with one {@link ClockCoordinator.Settled},
 * and reports each batch it receives outside its own window with {@link ClockCoordinator.Received}. Partition
 * implementations add their own internal messages to this interface.
 */
public interface PartitionCommand {

  /** Wires the partitions to each other and runs window 0: every hosted process's start at time 0. */
  record Start(List<ActorRef<PartitionCommand>> partitions) implements PartitionCommand {
  }

  /** Delivers every hosted event stamped before {@code end}, then settles; sent only if it has such an event. */
  record OpenWindow(long window, long end) implements PartitionCommand {
  }

  /**
   * Encodes this partition's processes and pending events and answers with {@link ClockCoordinator.Saved}, or fails
   * the run if the encoding is longer than {@code maxBytes} (a transport limit: better a clear failure than a
   * message that can never arrive).
   */
  record TakeCheckpoint(long window, long maxBytes) implements PartitionCommand {
  }

  /** Reports final per-process figures with {@link ClockCoordinator.Finished} and stops. */
  record Finish() implements PartitionCommand {
  }
}
