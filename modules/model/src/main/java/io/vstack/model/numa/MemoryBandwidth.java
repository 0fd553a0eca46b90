package io.vstack.model.numa;

import java.io.Serializable;
import java.util.PriorityQueue;

/**
 * The memory bandwidth of one NUMA node, shared by every stream of work that touches its memory (a scrub batch, an
 * idle-scrub chunk, an allocation scrubbing dirty pages, dom0's balloon driver). A stream gets its rate when it
 * starts: what one core can move, what the node's memory controller has left for one more stream, and, for a CPU
 * of another node, what the interconnect into this node has left for one more remote stream. It keeps that rate to
 * its end: streams granted earlier are not slowed down by later ones. The error this makes is bounded by a stream's
 * length, which the model keeps short by cutting work into batches and chunks.
 *
 * <p>The ledger keeps only the end time of each stream still running and forgets it once that time has passed, so
 * no message says a stream ended: a grant depends only on the node's own messages, in their order.
 */
public final class MemoryBandwidth implements Serializable {
  private final double coreBytesPerSecond;
  private final double nodeBytesPerSecond;
  private final double interconnectBytesPerSecond;
  private final PriorityQueue<Long> streams = new PriorityQueue<>();
  private final PriorityQueue<Long> remoteStreams = new PriorityQueue<>();

  /** A node whose memory sustains {@code node} bytes/s, {@code interconnect} bytes/s of it from other nodes. */
  public MemoryBandwidth(double core, double node, double interconnect) {
    if (!(core > 0 && node > 0 && interconnect > 0)) {
      throw new IllegalArgumentException("bandwidths must be > 0: core " + core + ", node " + node
          + ", interconnect " + interconnect);
    }
    this.coreBytesPerSecond = core;
    this.nodeBytesPerSecond = node;
    this.interconnectBytesPerSecond = interconnect;
  }

  /** Starts a stream of {@code bytes} at {@code now}, from a CPU of another node if {@code remote}: its duration. */
  public long grant(long now, long bytes, boolean remote) {
    expire(streams, now);
    expire(remoteStreams, now);
    double rate = rate(remote);
    long duration = Math.round(bytes / rate * 1e9);
    if (duration > 0) {
      streams.add(now + duration);
      if (remote) {
        remoteStreams.add(now + duration);
      }
    }
    return duration;
  }

  /** The rate a stream starting now would get, in bytes per second, with the streams still running. */
  double rate(boolean remote) {
    double rate = Math.min(coreBytesPerSecond, nodeBytesPerSecond / (streams.size() + 1));
    return remote ? Math.min(rate, interconnectBytesPerSecond / (remoteStreams.size() + 1)) : rate;
  }

  /** Streams still running at {@code now} (granted and not yet past their end), local and remote. */
  int running(long now) {
    expire(streams, now);
    expire(remoteStreams, now);
    return streams.size();
  }

  private static void expire(PriorityQueue<Long> ends, long now) {
    while (!ends.isEmpty() && ends.peek() <= now) {
      ends.poll();
    }
  }
}
