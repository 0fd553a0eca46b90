package io.vstack.cluster.catalogue;

import java.time.Instant;
import java.util.Optional;

/**
 * What the catalogue knows of one run: its id, scenario, seed, vstack version, first start, the process that runs
 * (or last ran) it and when that process started, its status ({@code started}, {@code complete} or
 * {@code failed}), where its results are, and why it failed.
 */
public record RunEntry(String id, String scenario, long seed, String version, String startedAt, long pid,
    String processStart, String status, String location, String reason) {

  /** A run that this process starts now. */
  public static RunEntry startedHere(String id, String scenario, long seed, String version, Instant now) {
    ProcessHandle self = ProcessHandle.current();
    return new RunEntry(id, scenario, seed, version, now.toString(), self.pid(), processStart(self), "started", "",
        "");
  }

  /** When {@code process} started, as recorded (empty if the system does not say). */
  static String processStart(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse("");
  }

  RunEntry resumedBy(long newPid, String newProcessStart) {
    return new RunEntry(id, scenario, seed, version, startedAt, newPid, newProcessStart, "started", "", "");
  }

  RunEntry finished(String newStatus, String newLocation, String newReason) {
    return new RunEntry(id, scenario, seed, version, startedAt, pid, processStart, newStatus, newLocation,
        newReason);
  }

  /**
   * The status to show: {@code started} means {@code running} while the process that runs it is alive (the same
   * process: a recycled pid started later), else {@code interrupted} (resumable with {@code vstack run --resume}).
   */
  public String displayStatus() {
    if (!status.equals("started")) {
      return status;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    boolean same = process.map(p -> processStart.isEmpty() || processStart.equals(processStart(p))).orElse(false);
    return same ? "running" : "interrupted";
  }
}
