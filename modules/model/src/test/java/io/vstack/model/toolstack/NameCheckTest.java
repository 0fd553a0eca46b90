package io.vstack.model.toolstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class NameCheckTest extends JUnitSuite {

  @Test
  public void aLookupOverSeveralShardsEndsWithItsLastAnswer() {
    NameCheck check = new NameCheck(true, 2);
    assertTrue(check.another(3));
    assertEquals(NameCheck.Verdict.waiting, check.answer(false));
    assertEquals(NameCheck.Verdict.waiting, check.answer(false));
    assertEquals(NameCheck.Verdict.next, check.answer(false));
    assertTrue("libxl looks the name up twice", check.another(3));
  }

  @Test
  public void aCreationFailsWhenAnyShardKnowsTheName() {
    NameCheck check = new NameCheck(true, 1);
    check.another(2);
    assertEquals(NameCheck.Verdict.waiting, check.answer(true));
    assertEquals(NameCheck.Verdict.taken, check.answer(false));
  }

  @Test
  public void aDestroyNeedsTheNameAndEndsAfterItsOnlyLookup() {
    NameCheck missing = new NameCheck(false, 1);
    missing.another(1);
    assertEquals(NameCheck.Verdict.unknown, missing.answer(false));
    NameCheck found = new NameCheck(false, 1);
    found.another(1);
    assertEquals(NameCheck.Verdict.next, found.answer(true));
    assertFalse(found.another(1));
  }
}
