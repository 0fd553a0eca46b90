package io.vstack.workload.validate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Every number of the cost model and the hosts says which validation points fitted it, and those say the same: a
 * point's {@code fitted} list is exactly the parameters whose {@code # fitted-by:} names it.
 */
public class FittedByTest extends JUnitSuite {

  @Test
  public void everyCostModelAndHostNumberSaysWhatFittedIt() {
    FittedBy fitted = FittedBy.read(ValidationTest.CONF);
    assertEquals("numbers without a '# fitted-by:' line above them", java.util.List.of(), fitted.unannotated());
    assertTrue(fitted.parameters().containsKey("cost.scrub.gib-per-second"));
    assertTrue(fitted.parameters().containsKey("hosts.paper-2socket.nodes"));
  }

  @Test
  public void fittedByNamesOnlyExistingPointsAndMatchesTheirFittedLists() {
    FittedBy fitted = FittedBy.read(ValidationTest.CONF);
    ValidationSuite suite = ValidationSuite.load(ValidationTest.CONF);
    Set<String> ids = new TreeSet<>();
    suite.points().forEach(p -> ids.add(p.id()));
    fitted.parameters().forEach((parameter, points) -> points.forEach(id ->
        assertTrue(parameter + " names unknown point " + id, ids.contains(id))));
    for (ValidationPoint p : suite.points()) {
      assertEquals(p.id() + ": its fitted list vs. the parameters whose fitted-by names it",
          new TreeSet<>(fitted.fittedTo(p.id())), new TreeSet<>(p.fitted()));
    }
  }
}
