package io.vstack.model.toolstack;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Phases of a creation and a destruction, each declared once with the operation whose tables it appears in and its
 * place in that operation's order (the order libxl and xenopsd run them in): lifecycle columns, summaries and trace
 * phase breakdowns follow from here. The constants keep their historical order, which indexes {@link OperationResult}'s
 * phase arrays; {@code balloon} (xl's freemem() while auto-ballooning, right after xl_lock) and {@code memory_wait}
 * (xenopsd's VM.build waiting in wait_xen_free_mem, right before populate) were added later, then {@code bootloader}
 * (pygrub, before the kernel is built), {@code device_model} (an HVM guest's qemu, after the build and before the
 * devices) and {@code device_model_stop} (after the devices are torn down). A destroy also parses and checks its name;
 * those appear with the creation's phases.
 */
public enum Phase {
  parse(Operation.Kind.create, 0),
  xl_lock(Operation.Kind.create, 1),
  name_check(Operation.Kind.create, 3),
  domctl_create(Operation.Kind.create, 4),
  xenstore_setup(Operation.Kind.create, 5),
  populate(Operation.Kind.create, 7),
  build(Operation.Kind.create, 9),
  devices(Operation.Kind.create, 11),
  unpause(Operation.Kind.create, 12),
  device_teardown(Operation.Kind.destroy, 0),
  domain_kill(Operation.Kind.destroy, 2),
  scrub(Operation.Kind.destroy, 3),
  xenstore_cleanup(Operation.Kind.destroy, 4),
  balloon(Operation.Kind.create, 2),
  memory_wait(Operation.Kind.create, 6),
  bootloader(Operation.Kind.create, 8),
  device_model(Operation.Kind.create, 10),
  device_model_stop(Operation.Kind.destroy, 1);

  private final Operation.Kind operation;
  private final int place;

  Phase(Operation.Kind operation, int place) {
    this.operation = operation;
    this.place = place;
  }

  /** The operation whose tables show this phase. */
  public Operation.Kind operation() {
    return operation;
  }

  /** The phases of {@code kind}'s tables, in the order they run. */
  public static List<Phase> of(Operation.Kind kind) {
    return Arrays.stream(values()).filter(p -> p.operation == kind).sorted(Comparator.comparingInt(p -> p.place))
        .toList();
  }
}
