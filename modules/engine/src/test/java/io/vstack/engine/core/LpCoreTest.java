package io.vstack.engine.core;

import static org.junit.Assert.assertEquals;
import org.junit.Assert;

import io.vstack.engine.CausalityViolation;
import io.vstack.engine.Context;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.LogicalProcess;
import io.vstack.engine.LookaheadViolation;
import io.vstack.engine.LpRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class LpCoreTest extends JUnitSuite {

  private static final long LOOKAHEAD = 10;

  /** Sends to process 1 with the latency it is handed, or schedules to itself when the message is negative. */
  private static final class Sender implements LogicalProcess<Long> {
    @Override
    public void start(Context<Long> ctx) {
    }

    @Override
    public void handle(Long delay, Context<Long> ctx) {
      if (delay < 0) {
        ctx.schedule(-delay - 1, 0L);
      } else {
        ctx.send(LpRef.of(1), delay, 0L);
      }
    }
  }

  private final List<long[]> posted = new ArrayList<>();
  private final LpCore<Long> core = new LpCore<>(0, new Sender(), LOOKAHEAD, 1, DeliveryListener.NONE,
      (time, sent, tie, target, message) -> posted.add(new long[] {time, tie, target}));

  @Test
  public void anEventStampedBeforeTheProcessClockIsACausalityViolation() {
    core.deliver(100, 0, Ties.of(5, 0), -1L);
    CausalityViolation e = Assert.assertThrows(CausalityViolation.class, () -> core.deliver(99, 0, Ties.of(5, 1), -1L));
    assertEquals("process 0 at t=100 was handed an event stamped t=99 from process 5", e.getMessage());
  }

  @Test
  public void aSendToAnotherProcessBelowTheLookaheadFailsLoudly() {
    Assert.assertThrows(LookaheadViolation.class, () -> core.deliver(0, 0, Ties.of(5, 0), LOOKAHEAD - 1));
  }

  @Test
  public void aSendAtTheLookaheadIsStampedNowPlusDelayWithTheNextSequence() {
    core.deliver(7, 0, Ties.of(5, 0), LOOKAHEAD);
    core.deliver(8, 0, Ties.of(5, 1), LOOKAHEAD + 3);
    assertEquals(2, posted.size());
    assertEquals(17, posted.get(0)[0]);
    assertEquals(Ties.of(0, 0), posted.get(0)[1]);
    assertEquals(21, posted.get(1)[0]);
    assertEquals(Ties.of(0, 1), posted.get(1)[1]);
  }

  @Test
  public void aProcessMayScheduleItselfWithoutDelay() {
    core.deliver(3, 0, Ties.of(5, 0), -1L);
    assertEquals(3, posted.get(0)[0]);
    assertEquals(0, posted.get(0)[2]);
  }

  @Test
  public void theSequenceHashDependsOnDeliveryOrder() {
    LpCore<Long> other = new LpCore<>(0, new Sender(), LOOKAHEAD, 1, DeliveryListener.NONE, (t, s, k, g, m) -> { });
    core.deliver(1, 0, Ties.of(5, 0), -1L);
    core.deliver(1, 0, Ties.of(6, 0), -1L);
    other.deliver(1, 0, Ties.of(6, 0), -1L);
    other.deliver(1, 0, Ties.of(5, 0), -1L);
    org.junit.Assert.assertNotEquals(core.hash(), other.hash());
  }
}
