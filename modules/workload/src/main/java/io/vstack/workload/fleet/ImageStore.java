package io.vstack.workload.fleet;

import io.vstack.engine.Context;
import io.vstack.engine.LogicalProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * An image store (Glance's backend as seen by the hosts): concurrent transfers share its bandwidth equally
 * (processor sharing), so a boot storm across many hosts fetches every image more slowly. A transfer ends when its
 * bytes have been sent; the host's agent hears of it {@code latency} later (half the control network's: the host
 * adds the other half, see {@link FleetSpec#lookahead}).
 */
public final class ImageStore implements LogicalProcess<Object> {
  private static final long serialVersionUID = 1L;

  /** Self-event: the transfer that finishes first may have finished; {@code generation} tells a stale one. */
  record Progress(long generation) implements java.io.Serializable {
  }

  /** One transfer: to {@code host}, {@code remaining} bytes still to send. */
  private static final class Transfer implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final int host;
    final int image;
    double remaining;

    Transfer(int host, int image, double remaining) {
      this.host = host;
      this.image = image;
      this.remaining = remaining;
    }
  }

  private final HostProcesses hostProcesses;
  private final long bytesPerSecond;
  private final long latency;
  private final List<Transfer> active = new ArrayList<>();
  private long since;
  private long generation;
  private long transfers;

  /** A store sending at {@code bytesPerSecond} in all to the hosts at {@code hostProcesses}. */
  public ImageStore(HostProcesses hostProcesses, long bytesPerSecond, long latency) {
    this.hostProcesses = hostProcesses;
    this.bytesPerSecond = bytesPerSecond;
    this.latency = latency;
  }

  @Override
  public void start(Context<Object> ctx) {
  }

  @Override
  public void handle(Object message, Context<Object> ctx) {
    advance(ctx.now());
    if (message instanceof FleetMsg.Fetch f) {
      active.add(new Transfer(f.host(), f.image(), f.bytes()));
      transfers++;
    } else if (message instanceof Progress p) {
      if (p.generation() != generation) {
        return;
      }
      List<Transfer> done = active.stream().filter(t -> t.remaining <= 1.0).toList();
      active.removeAll(done);
      for (Transfer t : done) {
        ctx.send(hostProcesses.ref(t.host), latency, new FleetMsg.Fetched(t.image));
      }
    } else {
      throw new IllegalArgumentException("image store cannot handle " + message);
    }
    plan(ctx);
  }

  /** Sends every active transfer its share of the bytes sent since the last change. */
  private void advance(long now) {
    if (!active.isEmpty()) {
      double each = (now - since) / 1e9 * bytesPerSecond / active.size();
      for (Transfer t : active) {
        t.remaining -= each;
      }
    }
    since = now;
  }

  /** Schedules the end of the transfer with the fewest bytes left, at the current share. */
  private void plan(Context<Object> ctx) {
    generation++;
    if (active.isEmpty()) {
      return;
    }
    double least = active.stream().mapToDouble(t -> t.remaining).min().orElseThrow();
    long delay = (long) Math.ceil(Math.max(0, least) * active.size() / bytesPerSecond * 1e9);
    ctx.schedule(delay, new Progress(generation));
  }

  /** Transfers started so far. */
  public long transfers() {
    return transfers;
  }
}
