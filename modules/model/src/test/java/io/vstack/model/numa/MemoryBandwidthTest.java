package io.vstack.model.numa;

import static org.junit.Assert.assertEquals;

import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class MemoryBandwidthTest extends JUnitSuite {

  private static final double GB = 1e9;
  /** 1 GB moved at 2 GB/s takes 0.5 s. */
  private static final long ONE_GB = 1_000_000_000L;
  private static final long S = 1_000_000_000L;

  /** A core moves 2 GB/s, the node 5 GB/s, the interconnect into it 3 GB/s. */
  private static MemoryBandwidth ledger() {
    return new MemoryBandwidth(2 * GB, 5 * GB, 3 * GB);
  }

  @Test
  public void aLoneStreamRunsAtTheCoreCeiling() {
    assertEquals(S / 2, ledger().grant(0, ONE_GB, false));
  }

  @Test
  public void aLoneRemoteStreamRunsAtTheCoreCeilingWhenTheInterconnectIsWider() {
    assertEquals(S / 2, ledger().grant(0, ONE_GB, true));
  }

  @Test
  public void streamsShareTheNodeOnceTheCoresTogetherExceedIt() {
    MemoryBandwidth m = ledger();
    // 1st and 2nd: min(2, 5/1) and min(2, 5/2) = 2 GB/s; 3rd: 5/3 GB/s; 4th: 5/4 GB/s
    assertEquals(S / 2, m.grant(0, ONE_GB, false));
    assertEquals(S / 2, m.grant(0, ONE_GB, false));
    assertEquals(600_000_000, m.grant(0, ONE_GB, false));
    assertEquals(800_000_000, m.grant(0, ONE_GB, false));
    assertEquals(4, m.running(0));
  }

  @Test
  public void remoteStreamsShareTheInterconnect() {
    MemoryBandwidth m = ledger();
    // remote: min(2, 5/1, 3/1) = 2; min(2, 5/2, 3/2) = 1.5; local after them: min(2, 5/3) = 5/3
    assertEquals(S / 2, m.grant(0, ONE_GB, true));
    assertEquals(666_666_667, m.grant(0, ONE_GB, true));
    assertEquals(600_000_000, m.grant(0, ONE_GB, false));
    // a third remote one: min(2, 5/4, 3/3) = 1 GB/s: the interconnect binds before the node
    assertEquals(S, m.grant(0, ONE_GB, true));
  }

  @Test
  public void localStreamsDoNotTakeTheInterconnect() {
    MemoryBandwidth m = new MemoryBandwidth(2 * GB, 100 * GB, 1 * GB);
    m.grant(0, ONE_GB, false);
    m.grant(0, ONE_GB, false);
    // two local streams running: the remote one still gets the whole 1 GB/s interconnect
    assertEquals(S, m.grant(0, ONE_GB, true));
  }

  @Test
  public void aStreamIsForgottenOnceItsEndHasPassed() {
    MemoryBandwidth m = new MemoryBandwidth(2 * GB, 2 * GB, 2 * GB);
    assertEquals(S / 2, m.grant(0, ONE_GB, false));
    // at 0.4 s the first still runs: 2/2 GB/s
    assertEquals(S, m.grant(400_000_000, ONE_GB, false));
    assertEquals(2, m.running(400_000_000));
    // at 0.5 s the first has ended (its end is not after now); at 1.4 s both have
    assertEquals(1, m.running(S / 2));
    assertEquals(0, m.running(1_400_000_000));
    assertEquals(S / 2, m.grant(1_400_000_000, ONE_GB, false));
  }

  @Test
  public void anEmptyStreamTakesNoTimeAndNoShare() {
    MemoryBandwidth m = ledger();
    assertEquals(0, m.grant(0, 0, true));
    assertEquals(0, m.running(0));
  }

  @Test
  public void bandwidthsMustBePositive() {
    Assert.assertThrows(IllegalArgumentException.class, () -> new MemoryBandwidth(0, GB, GB));
    Assert.assertThrows(IllegalArgumentException.class, () -> new MemoryBandwidth(GB, GB, -1));
  }
}
