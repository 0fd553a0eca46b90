package io.vstack.model.config;

import java.io.Serializable;
/**
 * A host: NUMA nodes, each with the same number of pCPUs, memory and memory bandwidth, and dom0's vCPUs pinned to
 * the first pCPUs of node 0 (how a default Xen install places dom0).
 *
 * @param name             the host's name in {@code conf/hosts.conf}
 * @param nodes            NUMA nodes
 * @param pcpusPerNode     physical CPUs per node
 * @param memoryMib        memory per node, MiB
 * @param dom0Vcpus        dom0 vCPUs, each pinned to its own pCPU of node 0
 * @param memoryGbps       sustainable bandwidth of one node's memory, GB/s (10^9 bytes), shared by all its streams
 * @param interconnectGbps bandwidth into one node's memory from CPUs of other nodes, GB/s
 */
public record Topology(String name, int nodes, int pcpusPerNode, long memoryMib, int dom0Vcpus, double memoryGbps,
    double interconnectGbps) implements Serializable {

  public int pcpus() {
    return nodes * pcpusPerNode;
  }

  public int nodeOfPcpu(int pcpu) {
    return pcpu / pcpusPerNode;
  }

  /** pCPUs of {@code node} that do not run dom0, where guests' vCPUs go. */
  public int guestPcpusOn(int node) {
    return node == 0 ? pcpusPerNode - dom0Vcpus : pcpusPerNode;
  }

  /** The {@code k}-th guest pCPU of {@code node}. */
  public int guestPcpu(int node, int k) {
    int offset = node == 0 ? dom0Vcpus : 0;
    return node * pcpusPerNode + offset + Math.floorMod(k, guestPcpusOn(node));
  }

  public double nodeBytesPerSecond() {
    return memoryGbps * 1e9;
  }

  public double interconnectBytesPerSecond() {
    return interconnectGbps * 1e9;
  }

  static Topology read(ConfigReader hosts, String name) {
    ConfigReader host = hosts.section(name, "nodes", "pcpus-per-node", "memory-per-node-mib", "dom0-vcpus",
        "memory-bandwidth-gbps", "interconnect-gbps", "description");
    Topology t = new Topology(name, host.positiveInt("nodes"), host.positiveInt("pcpus-per-node"),
        host.positiveLong("memory-per-node-mib"), host.positiveInt("dom0-vcpus"),
        host.positiveDouble("memory-bandwidth-gbps"), host.positiveDouble("interconnect-gbps"));
    if (t.dom0Vcpus() >= t.pcpusPerNode()) {
      throw host.error("dom0-vcpus", "= " + t.dom0Vcpus() + ": must be fewer than pcpus-per-node ("
          + t.pcpusPerNode() + ") so node 0 keeps a pCPU for guests");
    }
    return t;
  }
}
