package io.vstack.cli.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of valid inputs: a few edits each (ranges deleted, duplicated or truncated, characters replaced
 * by random ones, tokens of the format inserted), so most results are nearly valid and reach deep into a parser.
 */
final class Mutator {
  private static final String ODD = "\u0000\t\r\n \"'\\/.,;:=@#${}[]()<>-+eE0123456789\u00e9\u2028\uFFFF";

  private final Random random;
  private final List<String> seeds;
  private final List<String> tokens;

  Mutator(long seed, List<String> seeds, List<String> tokens) {
    this.random = new Random(seed);
    this.seeds = seeds;
    this.tokens = tokens;
  }

  /** The next input: a seed with one to four edits. */
  String next() {
    StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
    for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
      int end = Math.min(s.length(), at + 1 + random.nextInt(12));
      switch (random.nextInt(6)) {
        case 0 -> s.delete(at, end);
        case 1 -> s.insert(at, s.substring(at, end));
        case 2 -> s.setLength(at);
        case 3 -> s.insert(at, ODD.charAt(random.nextInt(ODD.length())));
        case 4 -> {
          if (at < s.length()) {
            s.setCharAt(at, ODD.charAt(random.nextInt(ODD.length())));
          }
        }
        default -> s.insert(at, tokens.get(random.nextInt(tokens.size())));
      }
    }
    return s.toString();
  }
}
