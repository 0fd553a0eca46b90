package io.vstack.model.toolstack;

import io.vstack.model.config.GuestType;
import io.vstack.model.config.ShellPoolSpec;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * LightVM's pool of prepared shells (the chaos shell daemon's {@code shell[]} array) as the toolstack's dispatcher
 * keeps it: ready shells oldest first, how many are being prepared, and when to prepare more. It only decides; the
 * {@code io.vstack.model.pool.WorkerPool} runs the prepares on toolstack workers.
 */
public final class ShellPool implements Serializable {
  private final ShellPoolSpec spec;
  private final GuestType type;
  private final ArrayDeque<Shell> ready = new ArrayDeque<>();
  private int preparing;
  private int nextSerial;
  private int prefillLeft;
  private int served;
  private int prepared;
  private int failed;

  public ShellPool(ShellPoolSpec spec, GuestType type) {
    this.spec = spec;
    this.type = type;
  }

  /** The first fill, at time {@code now}; while it runs {@link #filling()} is true if the spec pre-fills. */
  public List<Operation> open(long now) {
    List<Operation> first = refill(now);
    prefillLeft = spec.prefill() ? first.size() : 0;
    return first;
  }

  /** A ready shell for a creation of {@code wanted}, oldest first, or null when none fits (the full path). */
  public Shell take(GuestType wanted) {
    if (ready.isEmpty() || !ready.peekFirst().type().equals(wanted)) {
      return null;
    }
    served++;
    return ready.pollFirst();
  }

  /** The prepares the refill policy starts now (none when the pool holds enough). */
  public List<Operation> refill(long now) {
    List<Operation> prepares = new ArrayList<>();
    for (int i = spec.topUp(ready.size() + preparing); i > 0; i--) {
      int serial = nextSerial++;
      prepares.add(new Operation(Operation.Kind.prepare, serial, Shell.name(serial), type, now));
      preparing++;
    }
    return prepares;
  }

  /**
   * A prepare finished with {@code shell} (null: it failed, and the pool stays short until the next creation tops
   * it up, so a host out of memory does not retry for ever). True when that ended the pre-fill.
   */
  public boolean finished(Shell shell) {
    preparing--;
    if (shell == null) {
      failed++;
    } else {
      prepared++;
      ready.addLast(shell);
    }
    return prefillLeft > 0 && --prefillLeft == 0;
  }

  /** Whether the workload is still waiting for the pre-fill. */
  public boolean filling() {
    return prefillLeft > 0;
  }

  /** Domids of the ready shells, oldest first. */
  public List<Integer> readyDomids() {
    return ready.stream().map(Shell::domid).toList();
  }

  public int preparing() {
    return preparing;
  }

  /** Creations that found a shell. */
  public int served() {
    return served;
  }

  public int prepared() {
    return prepared;
  }

  public int failed() {
    return failed;
  }
}
