package io.vstack.model.xenstore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class PathIndexTest extends JUnitSuite {

  @Test
  public void aPrefixOfALongerPathFindsTheValueOfThatPath() {
    PathIndex<String> index = new PathIndex<>();
    index.put("/", "root");
    index.put("/local/domain", "domains");
    String path = "/local/domain/7/name";
    assertEquals("domains", index.get(path, "/local/domain".length()));
    assertNull(index.get(path, "/local".length()));
    assertEquals("root", index.get(path, 1));
    assertNull(index.get(path));
  }

  @Test
  public void walkingParentLengthsVisitsEveryAncestorUpToTheRoot() {
    String path = "/local/domain/7/name";
    List<String> seen = new ArrayList<>();
    for (int length = path.length(); ; length = PathIndex.parentLength(path, length)) {
      seen.add(path.substring(0, length));
      if (length == 1) {
        break;
      }
    }
    assertEquals(List.of("/local/domain/7/name", "/local/domain/7", "/local/domain", "/local", "/"), seen);
  }

  @Test
  public void pathsWithEqualHashesStayApartThroughRemovals() {
    // "Aa" and "BB" have the same String hash, so these share probe runs
    PathIndex<Integer> index = new PathIndex<>();
    List<String> keys = List.of("/Aa", "/BB", "/AaAa", "/AaBB", "/BBAa", "/BBBB");
    for (int i = 0; i < keys.size(); i++) {
      index.put(keys.get(i), i);
    }
    assertEquals(Integer.valueOf(1), index.remove("/BB"));
    assertNull(index.get("/BB"));
    for (int i = 0; i < keys.size(); i++) {
      assertEquals(i == 1 ? null : Integer.valueOf(i), index.get(keys.get(i)));
    }
    assertEquals(5, index.size());
  }

  @Test
  public void agreesWithASortedMapOverManyRandomOperations() {
    Random random = new Random(7);
    PathIndex<Integer> index = new PathIndex<>();
    TreeMap<String, Integer> expected = new TreeMap<>();
    for (int step = 0; step < 50_000; step++) {
      String path = "/d/" + random.nextInt(40) + "/" + random.nextInt(40);
      int op = random.nextInt(3);
      if (op == 0) {
        assertEquals(expected.put(path, step), index.put(path, step));
      } else if (op == 1) {
        assertEquals(expected.remove(path), index.remove(path));
      } else {
        assertEquals(expected.get(path), index.get(path));
        String parent = path.substring(0, path.lastIndexOf('/'));
        assertEquals(expected.get(parent), index.get(path, parent.length()));
      }
      assertEquals(expected.size(), index.size());
    }
  }
}
