package io.vstack.engine;

/**
 * What a run produced, independent of the executor: two executors that ran the same model and spec must return
 * equal results except for {@code windows}, which only windowed executors count.
 *
 * @param events        events delivered to handlers (start calls not included)
 * @param lastEventTime virtual time of the last delivered event, 0 if none
 * @param sequenceHash  hash of every process's delivered event sequence, combined in process id order
 * @param windows       lookahead windows opened (0 for the sequential executor)
 */
public record RunResult(long events, long lastEventTime, long sequenceHash, long windows) {

  /** True when both runs delivered the same events in the same per-process order. */
  public boolean sameOutcomeAs(RunResult other) {
    return events == other.events && lastEventTime == other.lastEventTime && sequenceHash == other.sequenceHash;
  }
}
