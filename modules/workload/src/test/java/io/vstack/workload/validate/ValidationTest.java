package io.vstack.workload.validate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.TestKitJunitResource;
import io.vstack.engine.ExecutorsUnderTest;
import io.vstack.engine.actor.ActorExecutor;
import io.vstack.engine.partitioned.PartitionedExecutor;
import io.vstack.workload.ScenarioRun;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.ClassRule;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/**
 * The validation suite of {@code conf/validation} runs in the build: a point outside its tolerance must be a known
 * miss with its reason, and a known miss that now passes fails too, so the list stays honest.
 */
public class ValidationTest extends JUnitSuite {
  static final Path CONF = Path.of("../../conf");

  @ClassRule
  public static final TestKitJunitResource FOUR_THREADS = new TestKitJunitResource(ExecutorsUnderTest.threads(4));

  @Test
  public void everyPointIsWithinToleranceOrAKnownMissWithItsReason() {
    List<Outcome> outcomes = Validation.run(ValidationSuite.load(CONF));
    String wrong = outcomes.stream().filter(o -> !o.verdict().ok())
        .map(o -> o.point().id() + " (" + o.verdict().label() + ", ratio " + ValidationReport.num(o.ratio()) + ")")
        .collect(Collectors.joining(", "));
    assertTrue("points to fix or to list (or unlist) as known misses: " + wrong + "\n"
        + ValidationReport.text(outcomes), wrong.isEmpty());
    assertTrue(outcomes.stream().filter(o -> o.point().knownMiss() != null)
        .allMatch(o -> !o.point().knownMiss().isBlank()));
  }

  @Test
  public void theTableIsTheSameOnTheActorAndPartitionedExecutors() {
    ValidationSuite suite = ValidationSuite.load(CONF);
    for (String id : List.of("crossley-opteron-128g-all-cores", "mirage-xl-create-vif-2disks")) {
      ValidationPoint point = suite.point(id);
      Outcome oracle = Validation.run(suite, point, s -> ScenarioRun.run(s,
          new io.vstack.engine.sequential.SequentialExecutor()));
      Outcome actor = Validation.run(suite, point, s -> ScenarioRun.run(s, new ActorExecutor(FOUR_THREADS.system(), 3)));
      Outcome partitioned = Validation.run(suite, point,
          s -> ScenarioRun.run(s, new PartitionedExecutor(FOUR_THREADS.system(), 4)));
      assertEquals(id, oracle, actor);
      assertEquals(id, oracle, partitioned);
    }
  }
}
