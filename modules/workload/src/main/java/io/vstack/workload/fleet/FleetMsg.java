package io.vstack.workload.fleet;

import java.io.Serializable;

/** What the fleet's processes (controller, image stores, hosts) tell each other over the control network. */
public sealed interface FleetMsg extends Serializable permits FleetMsg.Place, FleetMsg.Remove, FleetMsg.Running,
    FleetMsg.BuildFailed, FleetMsg.Removed, FleetMsg.Report, FleetMsg.Fetch, FleetMsg.Fetched {

  /** What a host last said of itself: guest memory free and clean, memory still dirty, creations in progress. */
  record HostState(long freeMib, long dirtyMib, int building) implements Serializable {
  }

  /** Controller to host: build VM {@code vm} ({@code attempt} counts from 1). */
  record Place(int vm, String name, long memoryMib, int vcpus, int image, int attempt) implements FleetMsg {
  }

  /** Controller to host: delete VM {@code vm} (once it runs, if it does not yet). */
  record Remove(int vm) implements FleetMsg {
  }

  /** Host to controller: VM {@code vm} runs since {@code at}. */
  record Running(int host, int vm, long at, HostState state) implements FleetMsg {
  }

  /** Host to controller: VM {@code vm} could not be built here, because of {@code reason}. */
  record BuildFailed(int host, int vm, String reason, HostState state) implements FleetMsg {
  }

  /** Host to controller: VM {@code vm} is gone from this host. */
  record Removed(int host, int vm, HostState state) implements FleetMsg {
  }

  /** Host to controller: the host's periodic resource report, while its memory is dirty or it builds. */
  record Report(int host, HostState state) implements FleetMsg {
  }

  /** Host to image store: send image {@code image} of {@code bytes} bytes to host {@code host}. */
  record Fetch(int host, int image, long bytes) implements FleetMsg {
  }

  /** Image store to host: image {@code image} has arrived. */
  record Fetched(int image) implements FleetMsg {
  }
}
