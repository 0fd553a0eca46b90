package io.vstack.trace;

import io.vstack.engine.Executor;
import io.vstack.model.Layout;
import io.vstack.model.config.Scenario;
import io.vstack.workload.ScenarioRun;
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

  static ScenarioRun run(Scenario s, Executor executor, TraceFilter filter, Path file) {
    TraceRecorder recorder = new TraceRecorder(Layout.of(s), filter);
    ScenarioRun run = ScenarioRun.run(s, executor, recorder);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("scenario", s.name());
    header.put("configuration", s.switches().label());
    header.put("seed", s.seed());
    TraceWriter.writeInBackground(recorder, file, header).join();
    return run;
  }
}
