package io.vstack.trace;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.vstack.engine.Executor;
import io.vstack.engine.sequential.SequentialExecutor;
import io.vstack.model.Layout;
import io.vstack.model.config.Scenario;
import io.vstack.model.results.Lifecycle;
import io.vstack.workload.ScenarioRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a scenario with a trace recorder and writes the trace, for tests. */
final class TracedRun {
  static final Path CONF = Path.of("../../conf");

  private TracedRun() {
  }

  static Scenario scenario(String... overrides) {
    return Scenario.load(CONF, null, new ArrayList<>(List.of(overrides)));
  }

  /** Runs {@code s} traced into {@code dir} as a run directory: its trace and its {@code lifecycle.csv}. */
  static ScenarioRun runInto(Scenario s, Path dir) throws IOException {
    ScenarioRun run = run(s, new SequentialExecutor(), TraceFilter.ALL, dir.resolve("trace.jsonl.gz"));
    List<List<String>> rows = new ArrayList<>();
    rows.add(Lifecycle.header());
    rows.addAll(Lifecycle.rows(run.model()));
    new CsvMapper().writer().writeValue(dir.resolve("lifecycle.csv").toFile(), rows);
    return run;
  }

  /** Runs {@code s} traced as {@code vstack run} does: streamed on the sequential executor, written after on others. */
  static ScenarioRun run(Scenario s, Executor executor, TraceFilter filter, Path file) {
    try (RunTrace trace = RunTrace.start(executor, false, Layout.of(s), filter, file, header(s))) {
      ScenarioRun run = ScenarioRun.run(s, executor, trace);
      trace.finish();
      return run;
    }
  }

  static Map<String, Object> header(Scenario s) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("scenario", s.name());
    header.put("configuration", s.switches().label());
    header.put("seed", s.seed());
    return header;
  }
}
