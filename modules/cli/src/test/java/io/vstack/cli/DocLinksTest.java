package io.vstack.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

/**
 * Every relative link of the README and of the pages under docs/ points at a file of this repository: a newcomer
 * following a link never lands outside the clone or on a file that was moved.
 */
public class DocLinksTest extends JUnitSuite {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  static List<String> relativeTargets(String markdown) {
    List<String> targets = new ArrayList<>();
    Matcher m = LINK.matcher(markdown);
    while (m.find()) {
      String target = m.group(1);
      if (!target.matches("^[a-z]+:.*") && !target.startsWith("#")) {
        targets.add(target.replaceFirst("#.*$", ""));
      }
    }
    return targets;
  }

  @Test
  public void linksOfTheReadmeAndDocsStayInsideTheRepositoryAndResolve() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("ARCHITECTURE.md")));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      for (String target : relativeTargets(Files.readString(page))) {
        Path resolved = page.getParent().resolve(target).normalize();
        checked++;
        if (!resolved.startsWith(ROOT)) {
          broken.add(ROOT.relativize(page) + ": " + target + " leaves the repository");
        } else if (!Files.exists(resolved)) {
          broken.add(ROOT.relativize(page) + ": " + target + " does not exist");
        }
      }
    }
    assertTrue("links were found: " + checked, checked > 20);
    assertEquals(String.join("\n", broken), List.of(), broken);
  }

  @Test
  public void webLinksAndAnchorsAreNotFilesButAnchorsAreStrippedFromFileLinks() {
    assertEquals(List.of("docs/a.md", "../shared/x.md"),
        relativeTargets("[a](docs/a.md#part) [w](https://x.org/y) [s](#section) [o](../shared/x.md)"));
  }
}
