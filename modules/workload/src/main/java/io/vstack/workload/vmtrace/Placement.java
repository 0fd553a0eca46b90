package io.vstack.workload.vmtrace;

import io.vstack.model.config.WorkloadSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Assigns a trace's VMs to identical hosts in arrival order, freeing a VM's memory and cores at its deletion
 * time: first-fit (lowest-numbered host with room) or least-loaded (the host with the most free memory; ties to
 * the lowest number). A VM that fits nowhere is rejected, as a cloud's allocator would.
 */
public final class Placement {

  /** Where each VM went: per host, its VMs in arrival order; and the VMs no host could take. */
  public record Result(List<List<VmRecord>> hosts, List<VmRecord> rejected) {
  }

  private record Departure(long at, int host, int cores, long memoryMib) {
  }

  private Placement() {
  }

  public static Result place(List<VmRecord> vms, int hosts, long memoryMibPerHost, int coresPerHost,
      WorkloadSpec.Placement policy) {
    List<VmRecord> order = new ArrayList<>(vms);
    order.sort(Comparator.comparingLong(VmRecord::created).thenComparingInt(VmRecord::line));
    long[] freeMemory = new long[hosts];
    int[] freeCores = new int[hosts];
    java.util.Arrays.fill(freeMemory, memoryMibPerHost);
    java.util.Arrays.fill(freeCores, coresPerHost);
    PriorityQueue<Departure> departures = new PriorityQueue<>(Comparator.comparingLong(Departure::at)
        .thenComparingInt(Departure::host));
    List<List<VmRecord>> placed = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      placed.add(new ArrayList<>());
    }
    List<VmRecord> rejected = new ArrayList<>();
    for (VmRecord vm : order) {
      while (!departures.isEmpty() && departures.peek().at() <= vm.created()) {
        Departure d = departures.poll();
        freeMemory[d.host()] += d.memoryMib();
        freeCores[d.host()] += d.cores();
      }
      long memory = vm.memoryGb() * 1024L;
      int chosen = -1;
      for (int h = 0; h < hosts; h++) {
        if (freeMemory[h] >= memory && freeCores[h] >= vm.cores()
            && (chosen < 0 || (policy == WorkloadSpec.Placement.least_loaded && freeMemory[h] > freeMemory[chosen]))) {
          chosen = h;
          if (policy == WorkloadSpec.Placement.first_fit) {
            break;
          }
        }
      }
      if (chosen < 0) {
        rejected.add(vm);
        continue;
      }
      freeMemory[chosen] -= memory;
      freeCores[chosen] -= vm.cores();
      departures.add(new Departure(vm.deleted(), chosen, vm.cores(), memory));
      placed.get(chosen).add(vm);
    }
    return new Result(placed, rejected);
  }
}
