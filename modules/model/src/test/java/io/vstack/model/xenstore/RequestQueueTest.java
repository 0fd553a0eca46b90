package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** xenstored's one server: queueing, reply delays, restarts and the requests it counts by kind. */
public class RequestQueueTest extends JUnitSuite {

  @Test
  public void anIdleServerRepliesAfterTheServiceTimeAndTheLatency() {
    RequestQueue<XenstoreShard.Op> q = new RequestQueue<>(50, XenstoreShard.Op.class);
    assertEquals(20 + 50, q.serve(1_000, 20, 0));
    assertEquals(20, q.busyTotal());
  }

  @Test
  public void aRequestArrivingWhileTheServerIsBusyWaitsForWhatIsQueued() {
    RequestQueue<XenstoreShard.Op> q = new RequestQueue<>(50, XenstoreShard.Op.class);
    q.serve(1_000, 100, 0);
    // arrives at 1,010, served from 1,100 to 1,130
    assertEquals(120 + 50, q.serve(1_010, 30, 0));
    assertEquals(130, q.busyTotal());
  }

  @Test
  public void extraRoundTripsOnlyDelayTheReply() {
    RequestQueue<XenstoreShard.Op> q = new RequestQueue<>(50, XenstoreShard.Op.class);
    assertEquals(20 + 50 + 400, q.serve(0, 20, 400));
    assertEquals(20 + 50, q.serve(20, 20, 0));
  }

  @Test
  public void aRestartTakesTheServerAwayAfterWhatIsQueued() {
    RequestQueue<XenstoreShard.Op> q = new RequestQueue<>(50, XenstoreShard.Op.class);
    q.serve(0, 100, 0);
    q.pause(10, 1_000);
    // queued work ends at 100, then 1,000 down: a request at 200 starts at 1,100
    assertEquals(900 + 20 + 50, q.serve(200, 20, 0));
    assertEquals(120, q.busyTotal());
  }

  @Test
  public void requestsAreCountedByKindInOpsOrderWithTheOnesALookupStandsFor() {
    RequestQueue<XenstoreShard.Op> q = new RequestQueue<>(50, XenstoreShard.Op.class);
    q.count(XenstoreShard.Op.read, 3);
    q.count(XenstoreShard.Op.find_name, 1);
    q.count(XenstoreShard.Op.read, 1);
    assertEquals(4, q.count(XenstoreShard.Op.read));
    assertEquals(List.of(XenstoreShard.Op.values()).stream().map(Enum::name).toList(),
        List.copyOf(q.counts().keySet()));
    assertEquals(Long.valueOf(1), q.counts().get("find_name"));
  }
}
