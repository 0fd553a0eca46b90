package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class XenstoreTreeTest extends JUnitSuite {

  @Test
  public void aNewTreeHoldsOnlyAnEmptyRoot() {
    XenstoreTree t = new XenstoreTree();
    assertEquals(1, t.size());
    assertEquals(0, t.generation());
    assertEquals("", t.read("/"));
    assertEquals(List.of(), t.directory("/"));
    assertEquals(0, t.domainCount());
  }

  @Test
  public void writingANodeCreatesItsMissingParentsAndReportsThemParentsFirst() {
    XenstoreTree t = new XenstoreTree();
    assertEquals(List.of("/a", "/a/b", "/a/b/c"), t.write("/a/b/c", "v"));
    assertEquals(4, t.size()); // root + 3
    assertEquals(1, t.generation());
    assertEquals("v", t.read("/a/b/c"));
    assertEquals("", t.read("/a/b"));
    assertEquals(List.of("a"), t.directory("/"));
    assertEquals(List.of("c"), t.directory("/a/b"));
    // everything created, and the root that gained a child, changed at generation 1
    assertEquals(1, t.modified("/"));
    assertEquals(1, t.modified("/a"));
    assertEquals(1, t.modified("/a/b/c"));
  }

  @Test
  public void rewritingAnExistingNodeReportsOnlyItAndBumpsOnlyItsGeneration() {
    XenstoreTree t = new XenstoreTree();
    t.write("/a/b/c", "v");
    assertEquals(List.of("/a/b/c"), t.write("/a/b/c", "w"));
    assertEquals(2, t.generation());
    assertEquals("w", t.read("/a/b/c"));
    assertEquals(2, t.modified("/a/b/c"));
    assertEquals(1, t.modified("/a/b"));
    // a new sibling changes the parent, not the old child
    assertEquals(List.of("/a/b/d"), t.write("/a/b/d", "x"));
    assertEquals(3, t.modified("/a/b"));
    assertEquals(2, t.modified("/a/b/c"));
    assertEquals(5, t.size());
  }

  @Test
  public void directoryListsChildrenSortedByNameAndIsNullForAMissingNode() {
    XenstoreTree t = new XenstoreTree();
    for (String child : List.of("zeta", "alpha", "9", "10", "Beta")) {
      t.write("/d/" + child, child);
    }
    // plain string order: digits < upper case < lower case, "10" < "9"
    assertEquals(List.of("10", "9", "Beta", "alpha", "zeta"), t.directory("/d"));
    assertEquals(List.of(), t.directory("/d/alpha"));
    assertNull(t.directory("/nope"));
    assertNull(t.read("/nope"));
    assertFalse(t.exists("/nope"));
    assertEquals(-1, t.modified("/nope"));
  }

  @Test
  public void removingANodeRemovesItsSubtreeDeepestFirstInOneGeneration() {
    XenstoreTree t = new XenstoreTree();
    t.write("/a/b/c", "1");
    t.write("/a/b/d", "2");
    t.write("/a/e", "3");
    t.write("/x", "4");
    assertEquals(7, t.size()); // /, /a, /a/b, /a/b/c, /a/b/d, /a/e, /x
    long before = t.generation();

    assertEquals(List.of("/a/b/c", "/a/b/d", "/a/b", "/a/e", "/a"), t.remove("/a"));
    assertEquals(before + 1, t.generation());
    assertEquals(2, t.size());
    assertFalse(t.exists("/a/b/c"));
    assertFalse(t.exists("/a"));
    assertEquals(List.of("x"), t.directory("/"));
    // the parent that lost a child changed at the removal's generation
    assertEquals(before + 1, t.modified("/"));
  }

  @Test
  public void removingAMissingNodeOrTheRootChangesNothing() {
    XenstoreTree t = new XenstoreTree();
    t.write("/a", "1");
    assertEquals(List.of(), t.remove("/nope"));
    assertEquals(List.of(), t.remove("/"));
    assertEquals(1, t.generation());
    assertEquals(2, t.size());
  }

  @Test
  public void malformedPathsAreRejected() {
    XenstoreTree t = new XenstoreTree();
    for (String bad : List.of("a", "", "/a/", "/a//b")) {
      IllegalArgumentException e = Assert.assertThrows(IllegalArgumentException.class, () -> t.write(bad, "v"));
      assertEquals("not a Xenstore path: '" + bad + "'", e.getMessage());
    }
    Assert.assertThrows(IllegalArgumentException.class, () -> t.remove("x/y"));
    assertEquals(0, t.generation());
  }

  @Test
  public void theNameIndexFollowsWritesRenamesAndRemovalsOfDomainNameNodes() {
    XenstoreTree t = new XenstoreTree();
    t.write("/local/domain/1/name", "web");
    t.write("/local/domain/2/name", "web");
    t.write("/local/domain/3/name", "db");
    assertEquals(new TreeSet<>(Set.of(1, 2)), t.domidsNamed("web"));
    assertEquals(new TreeSet<>(Set.of(3)), t.domidsNamed("db"));

    t.write("/local/domain/2/name", "api"); // rename
    assertEquals(new TreeSet<>(Set.of(1)), t.domidsNamed("web"));
    assertEquals(new TreeSet<>(Set.of(2)), t.domidsNamed("api"));

    t.remove("/local/domain/1"); // removal of the domain's subtree unindexes its name
    assertTrue(t.domidsNamed("web").isEmpty());
    assertTrue(t.domidsNamed("nobody").isEmpty());
  }

  @Test
  public void onlyNameNodesDirectlyUnderANumericDomainAreIndexed() {
    XenstoreTree t = new XenstoreTree();
    t.write("/local/domain/4/device/name", "dev");       // too deep
    t.write("/local/domain/x/name", "letters");          // not a domid
    t.write("/local/domain/5/label", "label");           // not a name node
    t.write("/other/domain/6/name", "elsewhere");        // not under /local/domain
    for (String v : List.of("dev", "letters", "label", "elsewhere")) {
      assertTrue(v, t.domidsNamed(v).isEmpty());
    }
  }

  @Test
  public void domidsNamedReturnsACopy() {
    XenstoreTree t = new XenstoreTree();
    t.write("/local/domain/7/name", "g");
    t.domidsNamed("g").add(99);
    assertEquals(new TreeSet<>(Set.of(7)), t.domidsNamed("g"));
  }

  @Test
  public void domainCountCountsGuestDomainsButNotDom0() {
    XenstoreTree t = new XenstoreTree();
    t.write("/local/domain/0/name", "Domain-0");
    assertEquals(0, t.domainCount());
    t.write("/local/domain/1/name", "a");
    t.write("/local/domain/2/domid", "2"); // a domain directory counts even without a name
    t.write("/local/domain/1/memory", "1024"); // same domain again
    assertEquals(2, t.domainCount());
    t.remove("/local/domain/1");
    assertEquals(1, t.domainCount());
  }

  @Test
  public void namesListsEveryNamedGuestDomainButNotDom0() {
    XenstoreTree t = new XenstoreTree();
    t.write("/local/domain/0/name", "Domain-0");
    t.write("/local/domain/12/name", "b");
    t.write("/local/domain/3/name", "a");
    t.write("/local/domain/4/domid", "4"); // no name yet
    assertEquals(new java.util.TreeMap<>(java.util.Map.of("a", 3, "b", 12)), t.names());
  }

  @Test
  public void childrenOfAnAbsentNodeAreNone() {
    XenstoreTree t = new XenstoreTree();
    t.write("/vm/b", "");
    t.write("/vm/a", "");
    assertEquals(List.of("a", "b"), t.children("/vm"));
    assertEquals(List.of(), t.children("/libxl"));
  }
}
