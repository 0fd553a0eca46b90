package io.vstack.cli;

import picocli.CommandLine.Command;

/** {@code vstack bench}: named benchmark suites. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure vstack's speed.",
    subcommands = {Bench.class, ModelBench.class, TraceBench.class, ClusterBench.class})
public final class BenchCommand {
}
