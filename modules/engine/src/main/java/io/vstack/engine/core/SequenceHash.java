package io.vstack.engine.core;

/**
 * Order-sensitive hash of the events one process handled, and the fold of all processes' hashes in id order.
 * Message types enter by simple class name, never by identity hash, so the value is the same in every JVM, and a
 * message record moved to another file or package (a refactoring) keeps it.
 */
public final class SequenceHash {
  public static final long EMPTY = 0x2545F4914F6CDD1DL;

  private static final ClassValue<Long> TYPE_HASH = new ClassValue<>() {
    @Override
    protected Long computeValue(Class<?> type) {
      return Mix.mix64(type.getSimpleName().hashCode());
    }
  };

  private SequenceHash() {
  }

  public static long step(long hash, long time, long tie, Object message) {
    long h = Mix.mix64(hash ^ time);
    h = Mix.mix64(h ^ tie);
    return Mix.mix64(h ^ TYPE_HASH.get(message.getClass()));
  }

  public static long combine(long[] perProcess) {
    long h = EMPTY;
    for (long p : perProcess) {
      h = Mix.mix64(h * Mix.GOLDEN + p);
    }
    return h;
  }
}
