package io.vstack.charts;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.Assume;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its chromedriver, set up one way for every test that looks at a page as
 * a person would: no network, no first-run or sync, a profile of the test's own, device scale 1 (so sizes are CSS
 * pixels), and the browser console recorded.
 */
public final class HeadlessChromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {
  }

  /** Skips the calling test, saying why, when Chromium or its driver is not installed. */
  public static void assumeInstalled() {
    Assume.assumeTrue("Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
  }

  /** A browser with its profile in {@code profile} (an empty directory) and {@code width} x {@code height} window. */
  public static ChromeDriver start(Path profile, int width, int height) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--force-device-scale-factor=1", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
        options);
  }

  /** The page's console errors since the last call. */
  public static List<String> consoleErrors(ChromeDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(Object::toString).toList();
  }

  /**
   * The whole page {@code width} CSS pixels wide, not just the window (a headless window is no taller than its
   * virtual screen), as a PNG in {@code file}.
   */
  public static void screenshot(ChromeDriver browser, int width, Path file) throws IOException {
    Map<String, Object> layout = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    Map<?, ?> size = (Map<?, ?>) layout.get("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", width, "height",
        ((Number) size.get("height")).doubleValue(), "scale", 1);
    Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    assertTrue(file + " written", Files.size(file) > 0);
  }
}
