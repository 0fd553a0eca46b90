package io.vstack.cli.bench;

import picocli.CommandLine.Command;

/** {@code vstack bench}: named benchmark suites. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure vstack's speed.",
    subcommands = {EngineBench.class, ModelBench.class, TraceBench.class, ClusterBench.class, FleetBench.class})
public final class BenchCommand {
}
