package io.vstack.workload.golden;

import java.util.ArrayList;
import java.util.List;

/**
 * A readable line diff for golden-log failures: the lines only in the expected text ({@code -}) and only in the
 * actual one ({@code +}), with a line of context around each change; expected lines carry their line number.
 */
final class LineDiff {
  private static final int CONTEXT = 1;

  private LineDiff() {
  }

  static String of(List<String> expected, List<String> actual) {
    int n = expected.size();
    int m = actual.size();
    // common[i][j]: length of the longest common subsequence of expected[i..] and actual[j..]
    int[][] common = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        common[i][j] = expected.get(i).equals(actual.get(j)) ? common[i + 1][j + 1] + 1
            : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> ops = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
        ops.add(String.format("%4d    %s", i + 1, expected.get(i++)));
        j++;
      } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
        ops.add(String.format("%4d  - %s", i + 1, expected.get(i++)));
      } else {
        ops.add("      + " + actual.get(j++));
      }
    }
    StringBuilder diff = new StringBuilder();
    boolean skipped = false;
    for (int k = 0; k < ops.size(); k++) {
      if (nearChange(ops, k)) {
        diff.append(skipped ? "     ...\n" : "").append(ops.get(k)).append('\n');
        skipped = false;
      } else {
        skipped = true;
      }
    }
    return diff.toString();
  }

  private static boolean nearChange(List<String> ops, int k) {
    for (int d = Math.max(0, k - CONTEXT); d <= Math.min(ops.size() - 1, k + CONTEXT); d++) {
      if (ops.get(d).charAt(6) != ' ') {
        return true;
      }
    }
    return false;
  }
}
