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
}
