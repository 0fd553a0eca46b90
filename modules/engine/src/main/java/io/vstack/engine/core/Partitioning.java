package io.vstack.engine.core;

/**
 * Contiguous blocks of process ids per partition: partition {@code p} holds ids
 * {@code [first(p), first(p + 1))}. Blocks keep neighbours (a NUMA node and its pCPUs) together.
 */
public record Partitioning(int processes, int partitions) {
  public Partitioning {
    if (processes <= 0 || partitions <= 0) {
      throw new IllegalArgumentException("need processes > 0 and partitions > 0, got " + processes + ", "
          + partitions);
    }
    if (partitions > processes) {
      partitions = processes;
    }
  }

  public int partitionOf(int id) {
    return (int) ((long) id * partitions / processes);
  }

  public int first(int partition) {
    return (int) (((long) partition * processes + partitions - 1) / partitions);
  }

  public int size(int partition) {
    return first(partition + 1) - first(partition);
  }
}
