package io.vstack.cli;

import static org.junit.Assert.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class ProgressBarTest extends JUnitSuite {

  private static String draw(boolean terminal, int total) {
    StringWriter out = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(out), "sweep", terminal);
    for (int done = 1; done <= total; done++) {
      bar.update(done, total);
    }
    return out.toString();
  }

  @Test
  public void offATerminalOnlyTheEndIsWrittenAsOneLineWithoutRedraws() {
    assertEquals(String.format("sweep: 4/4 runs done%n"), draw(false, 4));
  }

  @Test
  public void onATerminalTheBarIsRedrawnInPlaceAndEndsTheLine() {
    String drawn = draw(true, 2);
    assertEquals(String.format("\rsweep [###############---------------] 1/2 runs"
        + "\rsweep [##############################] 2/2 runs%n"), drawn);
  }

  @Test
  public void aBatchOfOneRunDrawsNothing() {
    assertEquals("", draw(true, 1));
    assertEquals("", draw(false, 1));
  }
}
