package io.vstack.trace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.scalatestplus.junit.JUnitSuite;

/** Opens the HTML report in headless Chromium as a person would and checks what they would see. */
public class ReportInBrowserTest extends JUnitSuite {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test(timeout = 120_000)
  public void theReportLoadsWithoutConsoleErrorsAndItsChartsAndTablesRender() throws Exception {
    Assume.assumeTrue("Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
    Path dir = tmp.getRoot().toPath();
    TracedRun.runInto(TracedRun.scenario("workload.guests=4"), dir);
    Path report = dir.resolve("report.html");
    HtmlReport.write(TraceFile.read(dir), dir, report);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + tmp.newFolder("profile"), "--window-size=1200,1600");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .build();
    ChromeDriver browser = new ChromeDriver(service, options);
    try {
      browser.get(report.toUri().toString());
      assertTrue(browser.getTitle(), browser.getTitle().startsWith("vstack trace report"));
      List<WebElement> charts = browser.findElements(By.tagName("svg"));
      assertEquals("the waterfall and the timeline", 2, charts.size());
      for (WebElement chart : charts) {
        assertTrue("the chart has a size on screen", chart.getSize().getWidth() > 300
            && chart.getSize().getHeight() > 150);
      }
      assertTrue("the chart draws lines", !charts.get(0).findElements(By.tagName("path")).isEmpty()
          || !charts.get(0).findElements(By.tagName("polyline")).isEmpty()
          || !charts.get(0).findElements(By.tagName("line")).isEmpty());
      String text = browser.findElement(By.tagName("body")).getText();
      assertTrue(text.contains("Critical path of the slowest guest"));
      assertTrue(text.contains("Phase breakdown") && text.contains("Boot-storm waterfall"));
      assertTrue(browser.findElements(By.tagName("table")).size() >= 4);
      List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
      assertEquals("console errors: " + errors, 0, errors.size());
      Path shot = Path.of("target", "report-screenshot.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
  }
}
