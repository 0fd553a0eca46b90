package io.vstack.model.toolstack;

import java.io.Serializable;

/**
 * A killed xl process and the next xl run on the same worker (model faults): whether the process is dead, how many
 * of its requests are still in flight (their results are what the cleanup works from), whether the restart is due,
 * whether the new run is cleaning up and the operation queued behind it; and the counts the worker reports.
 */
public final class XlRestart implements Serializable {
  private boolean dead;
  private boolean restartDue;
  private boolean recovering;
  private int inFlight;
  private Operation queued;
  private int crashesIdle;
  private int crashesBusy;
  private int cleanedUp;

  /** A crash found no operation to kill. */
  public void crashedIdle() {
    crashesIdle++;
  }

  /** The process was killed with {@code inFlight} requests unanswered; its restart is not due yet. */
  public void killed(int inFlight) {
    crashesBusy++;
    dead = true;
    restartDue = false;
    this.inFlight = inFlight;
  }

  public boolean dead() {
    return dead;
  }

  /** The restart delay is over. */
  public void restartDue() {
    restartDue = true;
  }

  /** A request of the dead process was answered. */
  public void answered() {
    inFlight--;
  }

  /** Whether the next run starts now (the restart is due and nothing is in flight); if so the process lives again. */
  public boolean restarts() {
    if (restartDue && inFlight == 0) {
      dead = false;
      return true;
    }
    return false;
  }

  /** The new run cleans up what the killed one left; {@code leftover}: a half-built or half-destroyed domain. */
  public void cleaning(boolean leftover) {
    recovering = true;
    cleanedUp += leftover ? 1 : 0;
  }

  public boolean recovering() {
    return recovering;
  }

  /** The cleanup is done; the operation that waited for it, if any (null: none). */
  public Operation recovered() {
    recovering = false;
    Operation next = queued;
    queued = null;
    return next;
  }

  /** {@code op} waits until the process lives again and has cleaned up. */
  public void queue(Operation op) {
    queued = op;
  }

  public int crashesIdle() {
    return crashesIdle;
  }

  public int crashesBusy() {
    return crashesBusy;
  }

  public int cleanedUp() {
    return cleanedUp;
  }
}
