package io.vstack.workload.experiment;

import static org.junit.Assert.assertEquals;

import io.vstack.charts.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Opens every experiment's page in headless Chromium as a person would and checks what they would see: the page
 * does not overflow sideways, every chart's axis labels are drawn and a numeric axis says its unit, every CSV link
 * leads to a file. With {@code -Dvstack.screenshots=DIR} the experiments run at full size instead and each page's
 * full-length screenshot is written to {@code DIR/experiment-<name>.png} (how docs/img's are made).
 */
public class ExperimentPagesInBrowserTest extends JUnitSuite {
  private static final int WIDTH = 1024;
  /** A label with its unit in parentheses, e.g. "boot storm makespan (s)". */
  private static final Pattern WITH_UNIT = Pattern.compile(".+ \\(.+\\)");

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test(timeout = 1_800_000)
  public void everyExperimentPageFitsTheWindowAndItsChartsHaveLabelledAxesWithUnits() throws Exception {
    HeadlessChromium.assumeInstalled();
    String screenshots = System.getProperty("vstack.screenshots", "");
    Sweep sweep = new Sweep(Path.of("../../conf"), List.of(), 2, screenshots.isEmpty(), (done, total) -> { });
    ChromeDriver browser = HeadlessChromium.start(tmp.newFolder("profile").toPath(), WIDTH, 900);
    try {
      List<String> problems = new ArrayList<>();
      for (Experiment experiment : Experiments.all()) {
        Path dir = tmp.newFolder(experiment.name()).toPath();
        ExperimentReport.write(dir, experiment.run(sweep));
        browser.get(dir.resolve("index.html").toUri().toString());
        problems.addAll(check(experiment.name(), browser, dir));
        if (!screenshots.isEmpty()) {
          HeadlessChromium.screenshot(browser, WIDTH,
              Path.of(screenshots).resolve("experiment-" + experiment.name() + ".png"));
        }
      }
      assertEquals(String.join("\n", problems), List.of(), problems);
    } finally {
      browser.quit();
    }
  }

  private static List<String> check(String name, ChromeDriver browser, Path dir) {
    List<String> problems = new ArrayList<>();
    long scrollWidth = (Long) browser.executeScript("return document.documentElement.scrollWidth");
    long innerWidth = (Long) browser.executeScript("return window.innerWidth");
    if (scrollWidth > innerWidth) {
      problems.add(name + ": the page is " + scrollWidth + " px wide in a " + innerWidth + " px window");
    }
    List<WebElement> figures = browser.findElements(By.tagName("figure"));
    if (figures.isEmpty()) {
      problems.add(name + ": no chart");
    }
    for (WebElement figure : figures) {
      List<String> texts = figure.findElements(By.cssSelector("svg text")).stream()
          .map(t -> t.getAttribute("textContent")).toList();
      String x = figure.getAttribute("data-x-axis");
      String chart = name + ": chart '" + figure.findElement(By.tagName("figcaption")).getText() + "'";
      if (x == null || x.isBlank() || !texts.contains(x)) {
        problems.add(chart + " has no x axis label drawn (expected '" + x + "')");
      } else if (Boolean.parseBoolean(figure.getAttribute("data-x-numeric")) && !WITH_UNIT.matcher(x).matches()) {
        problems.add(chart + ": x axis label '" + x + "' has no unit");
      }
      for (String y : figure.getAttribute("data-y-axes").split("\n")) {
        if (!texts.contains(y)) {
          problems.add(chart + " has no y axis label '" + y + "' drawn");
        } else if (!WITH_UNIT.matcher(y).matches()) {
          problems.add(chart + ": y axis label '" + y + "' has no unit");
        }
      }
    }
    List<WebElement> csvLinks = browser.findElements(By.cssSelector("a[href$='.csv']"));
    if (csvLinks.isEmpty()) {
      problems.add(name + ": no link to a CSV file");
    }
    for (WebElement link : csvLinks) {
      if (!Files.isRegularFile(dir.resolve(link.getAttribute("href").replaceAll(".*/", "")))) {
        problems.add(name + ": link to a missing file " + link.getAttribute("href"));
      }
    }
    return problems;
  }
}
