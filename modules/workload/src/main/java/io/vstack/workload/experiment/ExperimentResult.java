package io.vstack.workload.experiment;

import io.vstack.charts.Chart;
import java.util.List;

/** What an experiment produced: tables, charts and a few sentences saying what the numbers show. */
public record ExperimentResult(String name, String description, List<Table> tables, List<Chart> charts,
    List<String> findings) {
}
