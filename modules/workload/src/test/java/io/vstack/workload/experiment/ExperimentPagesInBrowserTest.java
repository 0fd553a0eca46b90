package io.vstack.workload.experiment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Opens every experiment's page in headless Chromium as a person would and checks what they would see: the page
 * does not overflow sideways, every chart's axis labels are drawn and a numeric axis says its unit, every CSV link
 * leads to a file. With {@code -Dvstack.screenshots=DIR} the experiments run at full size instead and each page's
 * full-length screenshot is written to {@code DIR/experiment-<name>.png} (how docs/img's are made).
 */
public class ExperimentPagesInBrowserTest extends JUnitSuite {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final int WIDTH = 1024;
  /** A label with its unit in parentheses, e.g. "boot storm makespan (s)". */
  private static final Pattern WITH_UNIT = Pattern.compile(".+ \\(.+\\)");

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test(timeout = 1_800_000)
  public void everyExperimentPageFitsTheWindowAndItsChartsHaveLabelledAxesWithUnits() throws Exception {
    Assume.assumeTrue("Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
    String screenshots = System.getProperty("vstack.screenshots", "");
    Sweep sweep = new Sweep(Path.of("../../conf"), List.of(), 2, screenshots.isEmpty(), (done, total) -> { });
    ChromeDriver browser = browser();
    try {
      List<String> problems = new ArrayList<>();
      for (Experiment experiment : Experiments.all()) {
        Path dir = tmp.newFolder(experiment.name()).toPath();
        ExperimentReport.write(dir, experiment.run(sweep));
        browser.manage().window().setSize(new Dimension(WIDTH, 900));
        browser.get(dir.resolve("index.html").toUri().toString());
        problems.addAll(check(experiment.name(), browser, dir));
        if (!screenshots.isEmpty()) {
          screenshot(browser, Path.of(screenshots).resolve("experiment-" + experiment.name() + ".png"));
        }
      }
      assertEquals(String.join("\n", problems), List.of(), problems);
    } finally {
      browser.quit();
    }
  }

  private ChromeDriver browser() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + tmp.newFolder("profile"), "--force-device-scale-factor=1");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .build();
    return new ChromeDriver(service, options);
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

  /** The whole page, not just the window (a headless window is no taller than its virtual screen). */
  private static void screenshot(ChromeDriver browser, Path file) throws Exception {
    Map<String, Object> layout = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    Map<?, ?> size = (Map<?, ?>) layout.get("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", WIDTH, "height",
        ((Number) size.get("height")).doubleValue(), "scale", 1);
    Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    assertTrue(file + " written", Files.size(file) > 0);
  }
}
