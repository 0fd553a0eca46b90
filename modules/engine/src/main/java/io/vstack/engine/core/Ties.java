package io.vstack.engine.core;

/**
 * The deterministic tie-break between events at the same virtual time: sender id in the top 24 bits, the
 * sender's send sequence number in the low 40. Unique per event, independent of thread scheduling.
 */
public final class Ties {
  public static final int MAX_PROCESSES = 1 << 23;
  private static final int SEQ_BITS = 40;
  private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

  private Ties() {
  }

  public static long of(int sender, long seq) {
    if (seq > SEQ_MASK) {
      throw new IllegalStateException("process " + sender + " sent more than 2^40 events");
    }
    return ((long) sender << SEQ_BITS) | seq;
  }

  public static int sender(long tie) {
    return (int) (tie >>> SEQ_BITS);
  }

  public static long seq(long tie) {
    return tie & SEQ_MASK;
  }
}
