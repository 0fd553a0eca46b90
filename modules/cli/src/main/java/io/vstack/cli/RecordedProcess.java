package io.vstack.cli;

import java.time.Instant;
import java.util.Optional;

/**
 * A process as vstack recorded it when it started it: its PID, start instant and command line. A PID alone names
 * whatever process the kernel gave it to last, so a process is taken to be the recorded one only while all three
 * match; a process whose start or command line cannot be read is never taken to be it.
 */
record RecordedProcess(long pid, Instant started, String commandLine) {

  /** {@code process} as it is now; empty if its start instant or command line cannot be read. */
  static Optional<RecordedProcess> of(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    return info.startInstant().flatMap(started -> info.commandLine()
        .map(command -> new RecordedProcess(process.pid(), started, command)));
  }

  /** The live process if it is still the recorded one; empty if it is gone or another process has its PID. */
  Optional<ProcessHandle> live() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> of(p).filter(this::equals).isPresent());
  }
}
