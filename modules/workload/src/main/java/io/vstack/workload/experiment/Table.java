package io.vstack.workload.experiment;

import java.util.List;

/** A result table: written as {@code <file>.csv} and printed. Cells are already formatted. */
public record Table(String file, String title, List<String> header, List<List<String>> rows) {
}
