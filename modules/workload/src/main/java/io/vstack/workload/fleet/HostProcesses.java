package io.vstack.workload.fleet;

import io.vstack.engine.LpRef;
import java.io.Serializable;
import java.math.BigInteger;

/**
 * Which process runs each host. Executors cut the processes into contiguous blocks, and the scheduler fills hosts
 * one after another (equal weights go to the lowest host number, as after a mass request or an evacuation), so with
 * host {@code h} at process {@code base + h} the hosts busy at one moment would sit in one block and a single
 * partition would do almost all of every window's work. Hosts are therefore laid out with a stride near
 * {@code hosts / golden ratio}, coprime with {@code hosts}: host {@code h} is at position {@code h * stride mod
 * hosts}, so any run of consecutive hosts is spread evenly over the blocks (the three-gap theorem), whatever their
 * number. The layout is the model's, not the executor's: it is the same on every executor and cluster.
 *
 * @param base    process id of the first position
 * @param hosts   number of hosts
 * @param stride  positions between consecutive hosts
 * @param inverse {@code stride}'s inverse modulo {@code hosts}
 */
public record HostProcesses(int base, int hosts, int stride, int inverse) implements Serializable {

  private static final double GOLDEN = (1 + Math.sqrt(5)) / 2;

  /** The layout of {@code hosts} hosts from process {@code base} on. */
  public static HostProcesses of(int base, int hosts) {
    if (hosts <= 0) {
      throw new IllegalArgumentException("a fleet needs at least one host, was " + hosts);
    }
    int stride = Math.max(1, (int) Math.round(hosts / GOLDEN));
    while (BigInteger.valueOf(stride).gcd(BigInteger.valueOf(hosts)).intValue() != 1) {
      stride++;
    }
    int inverse = BigInteger.valueOf(stride).modInverse(BigInteger.valueOf(hosts)).intValue();
    return new HostProcesses(base, hosts, stride, inverse);
  }

  /** Process id of host {@code host}. */
  public int process(int host) {
    return base + (int) ((long) host * stride % hosts);
  }

  /** Host number run by process {@code process}. */
  public int host(int process) {
    return (int) ((long) (process - base) * inverse % hosts);
  }

  /** Reference to host {@code host}'s process. */
  public LpRef<Object> ref(int host) {
    return LpRef.of(process(host));
  }
}
