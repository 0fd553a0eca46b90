package io.vstack.engine.hosted;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What the client of a hosted run does with the members' partial traces: merge them into one. */
@FunctionalInterface
public interface PartialTraces {

  /** Merges {@code partials}, one per member; they are deleted afterwards. */
  void merge(List<Path> partials) throws IOException;
}
