package io.vstack.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.vstack.cli.run.RecordedRun;
import io.vstack.cli.run.ResultFiles;
import io.vstack.cli.run.RunCheckpoints;
import io.vstack.cli.run.RunDirectory;
import io.vstack.cli.run.RunPlan;
import io.vstack.cluster.checkpoint.CheckpointJournal;
import io.vstack.engine.DeliveryListener;
import io.vstack.engine.Executor;
import io.vstack.engine.checkpoint.Checkpointing;
import io.vstack.model.Layout;
import io.vstack.model.config.FaultSpec;
import io.vstack.model.config.InvalidConfig;
import io.vstack.model.config.Names;
import io.vstack.model.config.Scenario;
import io.vstack.trace.RunTrace;
import io.vstack.trace.TraceFilter;
import io.vstack.workload.ScenarioRun;
import io.vstack.workload.WorkloadDriver;
import io.vstack.workload.experiment.ControlPlane;
import io.vstack.workload.fleet.FleetScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vstack run}: runs a scenario (by default the stock-vs-fixed comparison) and writes a run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a scenario and write its results to a run directory.",
        "Without a scenario file: the default boot+destroy storm, stock and with all three fixes, side by side."})
public final class RunCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "scenario file, or the name of one in "
      + "conf/scenarios (e.g. boot-serialized; default: conf/scenarios/default.conf, run stock and with all fixes)")
  private String scenarioArg;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override a scenario key, e.g. --set toolstack.mode=parallel --set cost.guest.kernel-boot=200ms")
  private List<String> overrides = new ArrayList<>();

  @Option(names = "--design", paramLabel = "NAME",
      description = "run a control-plane design of conf/control-planes.conf (e.g. xapi, lightvm, xen-4.14): its "
          + "keys are applied before your --set; one configuration, not stock vs. fixes (compare designs with "
          + "'vstack experiment control-planes')")
  private String design;

  @Option(names = "--fault", paramLabel = "TYPE@TIME[,KEY=VALUE...]",
      description = "inject a model fault (repeatable): xenstored-restart, guest-crash, memory-pressure, "
          + "pcpu-offline or toolstack-crash, e.g. xenstored-restart@2s,shard=0,downtime=500ms; see the README's "
          + "Model faults")
  private List<String> faults = new ArrayList<>();

  @Mixin
  private CostModelOption costModel;

  @Option(names = "--out", paramLabel = "DIR", description = "run directory (default: runs/<scenario name>)")
  private Path out;

  @Option(names = "--compare", description = "run stock and all-fixes configurations side by side "
      + "(default when no scenario file is given)")
  private Boolean compare;

  @Option(names = "--trace", description = "record every delivered message to trace.jsonl.gz in the run directory")
  private boolean trace;

  @Option(names = "--trace-filter", paramLabel = "SPEC", description = "keep only some messages, e.g. "
      + "'kind=pcpu,worker; type=Pcpu.Run; guest=0,3; from=1s; to=20s' (implies --trace)")
  private String traceFilter;

  @Option(names = "--cluster", paramLabel = "HOST:PORT",
      description = "run on the cluster whose seed member is HOST:PORT (see 'vstack cluster up')")
  private String cluster;

  @Option(names = "--cluster-keys", paramLabel = "DIR", description = "with --cluster: the directory holding the "
      + "cluster's key store and secret (default: runs/cluster, where 'vstack cluster up' writes them)")
  private Path clusterKeys;

  @Option(names = "--verify", description = "with --cluster: also run locally on the sequential executor and check "
      + "the results are identical")
  private boolean verify;

  @Option(names = "--resume", paramLabel = "RUN-ID", description = "continue an interrupted run from its last "
      + "checkpoint (ids: 'vstack runs'); takes no scenario, --set, --fault, --out or --trace: the run goes on "
      + "exactly as it was started, and its results are identical to an uninterrupted run's; on this JVM, or on "
      + "a cluster with --cluster, wherever the run was started")
  private String resume;

  @Option(names = "--checkpoint-every", paramLabel = "DURATION", defaultValue = "30s",
      description = "checkpoint at the first window barrier after this much wall time (default: ${DEFAULT-VALUE}; "
          + "0 turns time-based checkpoints off); stored in the JDBC journal, for resuming with --resume; with "
          + "--cluster the run also resumes by itself if a node is lost")
  private String checkpointEvery;

  @Option(names = "--checkpoint-windows", paramLabel = "N", defaultValue = "0",
      description = "also checkpoint every N windows (default: 0, off); the barrier a checkpoint is taken at "
          + "never changes the results")
  private long checkpointWindows;

  @Mixin
  private EngineOptions engineOptions;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    wallInterval();
    if (checkpointWindows < 0) {
      throw new InputError("--checkpoint-windows: " + checkpointWindows + " is negative; 0 turns them off");
    }
    if (resume != null) {
      return resume();
    }
    List<String> settings = settings();
    if (FleetScenario.is(scenarioFile())) {
      return runFleet(settings);
    }
    Scenario scenario = load(settings);
    if (out != null) {
      RunDirectory.refuseExisting(out);
    }
    boolean comparison = compare != null ? compare : scenarioArg == null && design == null;
    List<Scenario> configurations = comparison
        ? List.of(scenario.with(scenario.switches().withFixes(false, false, false)),
            scenario.with(scenario.switches().withFixes(true, true, true)))
        : List.of(scenario);
    PrintWriter printer = spec.commandLine().getOut();
    SummaryTable.header(printer, scenario);
    printer.flush();
    if (cluster != null) {
      filter(traceSpec());
      if (traceSpec() != null && (checkpointWindows > 0 || wallInterval() > 0)) {
        spec.commandLine().getErr().println("vstack: note: a traced cluster run takes no checkpoints (the members' "
            + "partial traces are not part of a checkpoint), so it fails rather than resumes if a node is lost");
      }
      return clusterRun().run(new RunPlan(configurations, comparison,
          (out != null ? out : Path.of("runs", scenario.name() + "-cluster")).toString(), out == null, traceSpec(),
          true));
    }
    filter(traceSpec());
    RunPlan plan = new RunPlan(configurations, comparison,
        (out != null ? out : Path.of("runs", scenario.name())).toString(), out == null, traceSpec(), false);
    try (Engine engine = engineOptions.start()) {
      return runLocally(plan, null, engine);
    }
  }

  /** A fleet scenario: one configuration, on this JVM or on a cluster (see {@link FleetRunner}). */
  private Integer runFleet(List<String> settings) throws IOException {
    if (trace || traceFilter != null || compare != null || design != null || !faults.isEmpty()) {
      throw new InputError(scenarioFile() + " is a fleet scenario: fleet runs take no --trace, --trace-filter, "
          + "--compare, --design or --fault yet (use --set for its keys)");
    }
    FleetScenario fleet = FleetRunner.load(scenarioFile(), settings, costModel.file());
    if (out != null) {
      RunDirectory.refuseExisting(out);
    }
    if (cluster != null) {
      return clusterRun().run(RunPlan.of(fleet, (out != null ? out : Path.of("runs", fleet.host().name()
          + "-cluster")).toString(), out == null, true));
    }
    try (Engine engine = engineOptions.start()) {
      return runLocally(RunPlan.of(fleet, (out != null ? out : Path.of("runs", fleet.host().name())).toString(),
          out == null, false), null, engine);
    }
  }

  private ClusterRun clusterRun() {
    return new ClusterRun(cluster, clusterKeys != null ? clusterKeys : ClusterCommand.stateDir(),
        engineOptions.configured().partitions(), verify, spec.commandLine().getOut(),
        spec.commandLine().getErr(), checkpointWindows, wallInterval());
  }

  /**
   * {@code vstack run --resume}: the interrupted run's plan, continued from its latest checkpoint, on this JVM or,
   * with {@code --cluster}, on a cluster. Checkpoints do not depend on the executor, so a run started on a cluster
   * can be finished on one machine and the other way round (the plan holds the resolved configurations).
   */
  private Integer resume() throws IOException {
    if (scenarioArg != null || !overrides.isEmpty() || !faults.isEmpty() || out != null || trace
        || traceFilter != null || costModel.file() != null || compare != null || design != null) {
      throw new InputError("--resume takes no scenario, --set, --design, --fault, --cost-model, --compare, --out or "
          + "--trace: a resumed run goes on exactly as it was started");
    }
    if (!Names.valid(resume)) {
      throw new InputError("--resume: '" + resume + "' is not a run id: an id is " + Names.RULE + " (see 'vstack "
          + "runs')");
    }
    if (cluster != null) {
      return clusterRun().resume(resume);
    }
    try (Engine engine = engineOptions.start()) {
      RunCheckpoints.Resumable resumable = RunCheckpoints.load(engine.system(), resume);
      if (resumable.plan().clustered()) {
        spec.commandLine().getErr().println("vstack: note: run " + resume + " was started on a cluster; it goes on "
            + "here, on this JVM (add --cluster HOST:PORT to go on on a cluster); the results are the same");
      }
      return runLocally(resumable.plan(), resumable, engine);
    }
  }

  /** Says where run {@code resumable} goes on from, and prints the summary header. */
  static void announceResume(RunCheckpoints.Resumable resumable, PrintWriter out, PrintWriter err) {
    RunPlan plan = resumable.plan();
    CheckpointJournal.Stored from = resumable.latest();
    err.println(from == null
        ? "vstack: run " + resumable.id() + " had no checkpoint yet; running it again from the start"
        : "vstack: resuming run " + resumable.id() + " from its checkpoint at virtual time "
            + String.format("%.3f", from.time() / 1e9) + " s of configuration " + (from.configuration() + 1)
            + " of " + plan.configurations().size());
    err.flush();
    if (plan.fleet() != null) {
      FleetRunner.header(plan.fleet(), out);
    } else {
      SummaryTable.header(out, plan.configurations().get(0));
    }
    out.flush();
  }

  /**
   * Runs {@code plan} on this JVM, or resumes run {@code resumed} (when not null) from its latest checkpoint, saying
   * so only once the catalogue has let it resume (it refuses a run that is still running).
   */
  private Integer runLocally(RunPlan plan, RunCheckpoints.Resumable resumed, Engine engine) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return RecordedRun.run(engine.system(), plan, resumed, checkpointWindows, wallInterval(), err,
        (dir, checkpoints, from) -> {
          if (resumed != null) {
            announceResume(resumed, out, err);
          }
          return runLocally(plan, out, dir, engine, checkpoints, from);
        });
  }

  /** Runs every configuration on this JVM and writes the run directory; true when every invariant held. */
  private boolean runLocally(RunPlan plan, PrintWriter printer, RunDirectory dir, Engine engine,
      RunCheckpoints checkpoints, CheckpointJournal.Stored from) throws IOException {
    if (plan.fleet() != null) {
      return FleetRunner.run(plan.fleet(), dir, engine, checkpoints.forConfiguration(0, () -> new byte[0],
          from == null ? null : from.checkpoint()), printer,
          spec.commandLine().getErr());
    }
    boolean clean = true;
    boolean comparison = plan.comparison();
    Executor executor = engine.configuredExecutor();
    List<ScenarioRun> runs = new ArrayList<>();
    List<Double> walls = new ArrayList<>();
    TraceFilter filter = filter(plan.traceFilter());
    for (int index = 0; index < plan.configurations().size(); index++) {
      Scenario configuration = plan.configurations().get(index);
      Path target = comparison ? dir.staging().resolve(slug(configuration.switches().label()))
          : dir.staging();
      Files.createDirectories(target);
      boolean resumed = from != null && from.configuration() == index;
      Layout layout = Layout.of(configuration);
      Path file = target.resolve("trace.jsonl.gz");
      try (RunTrace trace = filter == null ? null : resumed && from.extra().length > 0
          ? RunTrace.resume(layout, filter, from.extra(), file, traceHeader(configuration))
          : RunTrace.start(executor, checkpoints.takes(), layout, filter, file, traceHeader(configuration))) {
        DeliveryListener progress = new Progress(spec.commandLine().getErr(), configuration.switches().label());
        Checkpointing checkpointing = checkpoints.forConfiguration(index,
            trace == null ? () -> new byte[0] : trace::save, resumed ? from.checkpoint() : null);
        long start = System.nanoTime();
        ScenarioRun run = ScenarioRun.run(configuration, executor, trace == null ? progress
            : Listeners.both(progress, trace), WorkloadDriver::new, checkpointing);
        walls.add((System.nanoTime() - start) / 1e9);
        runs.add(run);
        ResultFiles.write(target, run);
        if (trace != null) {
          trace.finish();
        }
        clean &= run.violations().isEmpty();
      }
    }
    if (comparison) {
      Map<String, Object> both = new LinkedHashMap<>();
      runs.forEach(r -> both.put(slug(r.summary().configuration()), ResultFiles.summary(r)));
      ResultFiles.json(dir.staging().resolve("summary.json"), both);
    }
    ResultFiles.json(dir.staging().resolve("run-info.json"), ResultFiles.info(executor.name(),
        engine.threads(), engine.partitions(), walls));
    new SummaryTable(printer, runs.stream().map(ScenarioRun::summary).toList()).print();
    Path written = dir.commit();
    printer.printf("%nresults: %s  (events %s, wall %s s, executor %s)%n", written,
        runs.stream().map(r -> String.format("%,d", r.result().events())).toList(),
        walls.stream().map(w -> String.format("%.2f", w)).toList(), executor.name());
    printer.println(engine.choice());
    for (ScenarioRun run : runs) {
      run.violations().forEach(v -> spec.commandLine().getErr().println("vstack: invariant violated ("
          + run.summary().configuration() + "): " + v));
    }
    printer.flush();
    return clean;
  }

  /** The trace flags as one spec: the filter, "" for {@code --trace} alone, null for no trace. */
  private String traceSpec() {
    return traceFilter != null ? traceFilter : trace ? "" : null;
  }

  /** The trace filter of {@code spec} ("" keeps everything), null for no trace. */
  private static TraceFilter filter(String spec) {
    if (spec == null) {
      return null;
    }
    try {
      return TraceFilter.parse(spec);
    } catch (TraceFilter.BadFilter e) {
      throw new InputError("--trace-filter: " + e.getMessage());
    }
  }

  /** {@code --checkpoint-every} in nanoseconds. */
  private long wallInterval() {
    try {
      long nanos = ConfigFactory.parseString("every = " + checkpointEvery).getDuration("every").toNanos();
      if (nanos < 0) {
        throw new InputError("--checkpoint-every: '" + checkpointEvery + "' is negative; 0 turns them off");
      }
      return nanos;
    } catch (ConfigException e) {
      throw new InputError("--checkpoint-every: '" + checkpointEvery + "' is not a duration (e.g. 30s, 5m, 0)");
    }
  }

  static Map<String, Object> traceHeader(Scenario s) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("scenario", s.name());
    header.put("configuration", s.switches().label());
    header.put("seed", s.seed());
    header.put("lookaheadNs", s.cost().messageLatency());
    return header;
  }

  /** The scenario keys to apply: the design's, if one is named, then the user's {@code --set}. */
  private List<String> settings() {
    if (design == null) {
      return List.copyOf(overrides);
    }
    if (Boolean.TRUE.equals(compare)) {
      throw new InputError("--design runs one design, not stock vs. fixes; compare designs with 'vstack experiment "
          + "control-planes'");
    }
    List<ControlPlane> designs;
    try {
      designs = ControlPlane.load(ConfDir.find().resolve(ControlPlane.FILE));
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
    List<String> all = new ArrayList<>(designs.stream().filter(d -> d.name().equals(design)).findFirst()
        .orElseThrow(() -> new InputError("--design: no design named '" + design + "' in "
            + ConfDir.find().resolve(ControlPlane.FILE) + "; known: " + String.join(", ",
                designs.stream().map(ControlPlane::name).toList()))).settings());
    all.addAll(overrides);
    return List.copyOf(all);
  }

  private Scenario load(List<String> settings) {
    Path scenarioFile = scenarioFile();
    try {
      Scenario scenario = Scenario.load(ConfDir.find(), scenarioFile, settings, costModel.file());
      return faults.isEmpty() ? scenario : scenario.withFaults(faults.stream().map(FaultSpec::parse).toList());
    } catch (InvalidConfig e) {
      throw new InputError(e.getMessage());
    }
  }

  /** The scenario file given, or null for the default. */
  private Path scenarioFile() {
    return scenarioArg == null ? null : ScenarioArgument.file(scenarioArg);
  }

  static String slug(String label) {
    return label.replace(' ', '-').replace('+', '-');
  }
}
