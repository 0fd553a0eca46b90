package io.vstack.trace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.charts.HeadlessChromium;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.scalatestplus.junit.JUnitSuite;

/** Opens the HTML report in headless Chromium as a person would and checks what they would see. */
public class ReportInBrowserTest extends JUnitSuite {
  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test(timeout = 120_000)
  public void theReportLoadsWithoutConsoleErrorsAndItsChartsAndTablesRender() throws Exception {
    HeadlessChromium.assumeInstalled();
    Path dir = tmp.getRoot().toPath();
    TracedRun.runInto(TracedRun.scenario("workload.guests=4"), dir);
    Path report = dir.resolve("report.html");
    HtmlReport.write(TraceFile.read(dir), dir, report);

    ChromeDriver browser = HeadlessChromium.start(tmp.newFolder("profile").toPath(), 1200, 1600);
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
      assertTrue("the page fits the window's width", (Long) browser.executeScript(
          "return document.documentElement.scrollWidth") <= (Long) browser.executeScript("return window.innerWidth"));
      String text = browser.findElement(By.tagName("body")).getText();
      assertTrue(text.contains("Critical path of the slowest guest"));
      assertTrue(text.contains("Phase breakdown") && text.contains("Boot-storm waterfall"));
      assertTrue(browser.findElements(By.tagName("table")).size() >= 4);
      assertEquals(List.of(), HeadlessChromium.consoleErrors(browser));
      HeadlessChromium.screenshot(browser, 1200, Path.of("target", "report-screenshot.png"));
    } finally {
      browser.quit();
    }
  }
}
