package io.vstack.workload.vmtrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates a synthetic trace in the Azure {@code vmtable.csv} schema, so the importer and the replay run without
 * downloading anything. Arrivals come in 300-second buckets following a diurnal curve, often as deployments of
 * several VMs at once; a fifth of the VMs live through the whole window, the rest for minutes to hours;
 * core and memory buckets follow the rough shares of the public dataset (assumption: small VMs dominate).
 */
public final class SyntheticAzureTrace {
  private static final String[] CORES = {"2", "4", "8", "24", ">24"};
  private static final double[] CORE_SHARE = {0.45, 0.30, 0.17, 0.06, 0.02};
  private static final String[] MEMORY = {"2", "4", "8", "32", "64", ">64"};
  private static final double[] MEMORY_SHARE = {0.45, 0.30, 0.17, 0.06, 0.015, 0.005};
  private static final String[] CATEGORY = {"Interactive", "Delay-insensitive", "Unknown"};

  private SyntheticAzureTrace() {
  }

  /** {@code vms} rows over {@code days} days, from {@code seed}, as CSV lines without a header. */
  public static List<String> generate(int vms, int days, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long end = days * 86_400L;
    int buckets = (int) (end / 300);
    double[] weight = new double[buckets];
    double total = 0;
    for (int b = 0; b < buckets; b++) {
      double hour = (b * 300 % 86_400) / 3600.0;
      weight[b] = 1.0 + 0.8 * StrictMath.sin((hour - 8) / 24 * 2 * Math.PI);
      total += weight[b];
    }
    List<String> lines = new ArrayList<>();
    int deployment = 0;
    while (lines.size() < vms) {
      double pick = random.nextDouble() * total;
      int bucket = 0;
      while (bucket < buckets - 1 && pick > weight[bucket]) {
        pick -= weight[bucket++];
      }
      int size = random.nextDouble() < 0.3 ? 2 + random.nextInt(15) : 1;
      String cores = choose(random, CORES, CORE_SHARE);
      String memory = choose(random, MEMORY, MEMORY_SHARE);
      String category = CATEGORY[random.nextInt(CATEGORY.length)];
      deployment++;
      for (int i = 0; i < size && lines.size() < vms; i++) {
        long created = random.nextDouble() < 0.1 ? 0 : bucket * 300L;
        long deleted = random.nextDouble() < 0.2 ? end
            : Math.min(end, created + 300L * (1 + (long) (-StrictMath.log(1 - random.nextDouble()) * 24)));
        double max = 10 + random.nextDouble() * 90;
        double avg = max * random.nextDouble() * 0.6;
        lines.add(String.format(Locale.ROOT, "vm%06d,sub%04d,dep%05d,%d,%d,%.2f,%.2f,%.2f,%s,%s,%s",
            lines.size(), deployment % 500, deployment, created, deleted, max, avg, Math.min(max, avg * 1.8),
            category, cores, memory));
      }
    }
    return lines;
  }

  private static String choose(SplittableRandom random, String[] values, double[] shares) {
    double pick = random.nextDouble();
    for (int i = 0; i < values.length - 1; i++) {
      if (pick < shares[i]) {
        return values[i];
      }
      pick -= shares[i];
    }
    return values[values.length - 1];
  }
}
