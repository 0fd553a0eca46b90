package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.pcpu.WorkKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker as its collaborators see it, recording what they ask of it: messages sent, CPU work, memory streams,
 * locks taken and released, sleeps, and the step it waits in. Tags count up from 1; the clock stands where the test puts it.
 */
final class RecordingPort implements WorkerPort {
  record Sent(LpRef<XenMsg> to, XenMsg message) {
  }

  record Work(WorkKind kind, long duration) {
  }

  /** Work streaming through {@code pages} of {@code node}'s memory, plus {@code cpuTime} of CPU-bound work. */
  record Stream(LpRef<XenMsg> node, WorkKind kind, long pages, long cpuTime) {
  }

  final List<Sent> sent = new ArrayList<>();
  final List<Work> work = new ArrayList<>();
  final List<Stream> streams = new ArrayList<>();
  final List<LpRef<XenMsg>> acquired = new ArrayList<>();
  final List<LpRef<XenMsg>> released = new ArrayList<>();
  final List<Long> sleeps = new ArrayList<>();
  Enum<?> step;
  long tag;
  long now;

  @Override
  public void send(LpRef<XenMsg> to, XenMsg message) {
    sent.add(new Sent(to, message));
  }

  @Override
  public long nextTag() {
    return ++tag;
  }

  @Override
  public void cpu(WorkKind kind, long duration, Enum<?> next) {
    work.add(new Work(kind, duration));
    step = next;
  }

  @Override
  public void stream(LpRef<XenMsg> node, WorkKind kind, long pages, long cpuTime, Enum<?> next) {
    streams.add(new Stream(node, kind, pages, cpuTime));
    step = next;
  }

  @Override
  public void acquire(LpRef<XenMsg> lock, Enum<?> next) {
    acquired.add(lock);
    step = next;
  }

  @Override
  public void release(LpRef<XenMsg> lock) {
    released.add(lock);
  }

  @Override
  public void await(Enum<?> next) {
    step = next;
  }

  @Override
  public void sleep(long delay, Enum<?> next) {
    sleeps.add(delay);
    step = next;
  }

  @Override
  public long now() {
    return now;
  }

  /** The message sent {@code back} messages before the last. */
  XenMsg last(int back) {
    return sent.get(sent.size() - 1 - back).message();
  }

  /** Where the message sent {@code back} messages before the last went. */
  LpRef<XenMsg> lastTo(int back) {
    return sent.get(sent.size() - 1 - back).to();
  }

  Work lastWork() {
    return work.get(work.size() - 1);
  }

  Stream lastStream() {
    return streams.get(streams.size() - 1);
  }
}
