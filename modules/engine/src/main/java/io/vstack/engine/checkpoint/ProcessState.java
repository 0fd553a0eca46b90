package io.vstack.engine.checkpoint;

import io.vstack.engine.LogicalProcess;
import java.io.Serializable;

/**
 * One logical process at a window barrier: the engine's bookkeeping around it (clock, send sequence, sequence
 * hash, event count, random stream position) and the process object itself with all its state.
 */
public record ProcessState(int id, long now, long seq, long hash, long events, long random,
    LogicalProcess<?> process) implements Serializable {
}
