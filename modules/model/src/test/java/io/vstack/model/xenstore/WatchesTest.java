package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import java.util.List;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/** Which watches a change fires, and in which order. */
public class WatchesTest extends JUnitSuite {

  private static final LpRef<XenMsg> A = LpRef.of(1);
  private static final LpRef<XenMsg> B = LpRef.of(2);

  @Test
  public void aChangeFiresTheWatchesOnItsPathAndAboveNodeByNodeFromTheNodeUp() {
    Watches w = new Watches();
    w.add("/", "root", A);
    w.add("/a/b", "ab", A);
    w.add("/a", "a1", B);
    w.add("/a", "a2", A);
    w.add("/a/c", "other", B);
    assertEquals(List.of(
        new Watches.Fired(A, "/a/b", "ab"), new Watches.Fired(B, "/a/b", "a1"), new Watches.Fired(A, "/a/b", "a2"),
        new Watches.Fired(A, "/a/b", "root"), new Watches.Fired(A, "/x", "root")),
        w.fired(List.of("/a/b", "/x")));
  }

  @Test
  public void removingAWatchOrDroppingItsWatcherStopsItFiring() {
    Watches w = new Watches();
    w.add("/a", "t", A);
    w.add("/a", "t", B);
    w.add("/b", "t", A);
    w.remove("/a", "t", B);
    assertEquals(2, w.count());
    w.drop(A);
    assertEquals(0, w.count());
    assertEquals(List.of(), w.fired(List.of("/a", "/b")));
  }

  @Test
  public void droppingAWatcherOfManyPathsLeavesTheOthersWatchesFiring() {
    Watches w = new Watches();
    for (int i = 0; i < 10; i++) {
      w.add("/p" + i, "t", A);
    }
    w.add("/p3", "kept", B);
    w.add("/p8", "kept", B);
    w.drop(A);
    assertEquals(2, w.count());
    List<String> all = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "/p" + i).toList();
    assertEquals(List.of(new Watches.Fired(B, "/p3", "kept"), new Watches.Fired(B, "/p8", "kept")), w.fired(all));
  }
}
