package io.vstack.workload.chaos;

import io.vstack.model.config.FaultSpec;
import java.util.Locale;

/** A model fault in words, as chaos reports and golden logs print it: its type, then what it hits and for how long. */
public final class FaultText {
  private FaultText() {
  }

  /** The fault's type as spelt in scenario files, e.g. {@code xenstored-restart}. */
  public static String type(FaultSpec f) {
    return f.type().name().replace('_', '-');
  }

  /** What the fault hits and for how long, e.g. {@code shard 0, down 500 ms}. */
  public static String target(FaultSpec f) {
    return switch (f.type()) {
      case guest_crash -> "guest " + f.target();
      case xenstored_restart -> String.format(Locale.ROOT, "shard %d, down %.0f ms", f.target(), f.duration() / 1e6);
      case memory_pressure -> String.format(Locale.ROOT, "node %d, %d MiB for %.1f s", f.target(), f.mib(),
          f.duration() / 1e9);
      case pcpu_offline -> String.format(Locale.ROOT, "pCPU %d, offline %.0f ms", f.target(), f.duration() / 1e6);
      case toolstack_crash -> String.format(Locale.ROOT, "worker %d, next xl run after %.0f ms", f.target(),
          f.duration() / 1e6);
    };
  }
}
