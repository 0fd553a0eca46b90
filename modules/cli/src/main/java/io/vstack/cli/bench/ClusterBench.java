package io.vstack.cli.bench;

import io.vstack.cli.ConfDir;
import io.vstack.cli.InputError;
import io.vstack.cluster.ClusterExecutor;
import io.vstack.cluster.ClusterKeys;
import io.vstack.engine.RunResult;
import io.vstack.engine.RunSpec;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Scenario;
import io.vstack.trace.XenHostFactory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vstack bench cluster}: the same storm on clusters of 1, 2, ... N member JVMs on this machine, each started
 * and stopped by the benchmark: wall time, events/s, windows and wall time per window, hash checked across sizes.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "A boot+destroy storm on local clusters of 1..N member JVMs: wall time, events/s, per window.")
public final class ClusterBench implements Callable<Integer> {

  @Option(names = "--nodes", defaultValue = "3", description = "largest cluster (default: ${DEFAULT-VALUE})")
  private int nodes;

  @Option(names = "--guests", defaultValue = "1000", description = "storm size (default: ${DEFAULT-VALUE})")
  private int guests;

  @Option(names = "--partitions", defaultValue = "6", description = "partitions (default: ${DEFAULT-VALUE})")
  private int partitions;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path conf = ConfDir.find().toAbsolutePath();
    List<String> overrides = List.of("host=big-64", "guest.memory-mib=256", "workload.destroy=on-running",
        "toolstack.workers=64", "toolstack.mode=parallel", "xenstore.cache=on", "scrub.placement=local",
        "workload.guests=" + guests, "name=bench-cluster");
    Scenario scenario;
    try {
      scenario = Scenario.load(conf, null, overrides);
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("vstack bench cluster: %d-guest boot+destroy storm on big-64 (all fixes), %d partitions, members on "
        + "this machine (%d cores)%n%n", guests, partitions, Runtime.getRuntime().availableProcessors());
    out.printf("%-8s %12s %10s %9s %10s %10s %14s %13s  %s%n", "members", "events", "windows", "wall s",
        "events/s", "ms/window", "cross/window", "peak MiB/mbr", "sequence hash");
    out.flush();
    Long reference = null;
    boolean agree = true;
    Path logs = Files.createTempDirectory("vstack-bench-cluster");
    ClusterKeys keys = ClusterKeys.generate(logs);
    for (int n = 1; n <= nodes; n++) {
      try (BenchCluster cluster = BenchCluster.start(n, "2g", logs, conf, keys)) {
        ClusterExecutor executor = new ClusterExecutor(cluster.client(), partitions, XenHostFactory.spec(scenario));
        long start = System.nanoTime();
        ClusterExecutor.Outcome outcome = executor.runFull(RunSpec.untilQuiet(scenario.seed()), null, null);
        double wall = (System.nanoTime() - start) / 1e9;
        RunResult r = outcome.result();
        agree &= reference == null || reference == r.sequenceHash();
        reference = r.sequenceHash();
        long peak = outcome.memberPeakHeap().stream().mapToLong(Long::longValue).max().orElse(0) >> 20;
        out.printf("%-8d %,12d %,10d %9.2f %10s %10.3f %14.3f %13d  %016x%n", n, r.events(), r.windows(), wall,
            EngineBench.rate(r.events() / wall), wall * 1e3 / Math.max(1, r.windows()),
            outcome.crossMemberBatches() / (double) Math.max(1, r.windows()), peak, r.sequenceHash());
        out.flush();
      }
    }
    out.println(agree ? "\nevery cluster size gave the identical result" : "\nCLUSTER SIZES DISAGREE");
    return agree ? 0 : 1;
  }
}
