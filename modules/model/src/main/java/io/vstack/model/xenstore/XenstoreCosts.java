package io.vstack.model.xenstore;

import java.io.Serializable;
import io.vstack.model.config.CostModel;
import io.vstack.model.config.Switches.ConflictRule;

/**
 * xenstored's service time per request. Formulas (per-step figures from {@code conf/cost-model.conf}):
 * <ul>
 * <li>read, write, rm, watch: {@code op}</li>
 * <li>directory of n children: {@code op + n * per-entry}</li>
 * <li>transaction start: {@code op}, plus {@code store-size * tx-copy-per-node} under the {@code store} rule,
 * because C xenstored before 4.9 copies the whole store per transaction</li>
 * <li>k writes inside a transaction: {@code k * op}</li>
 * <li>commit of a transaction that touched t nodes: {@code op + t * commit-per-node}</li>
 * <li>a name lookup over d domains (libxl_name_to_domid: one directory, then one read per domain):
 * {@code op + d * per-entry + d * op}</li>
 * <li>firing watches for c changed nodes: {@code c * (domains + watches) * watch-check + events * watch-event}
 * (C xenstored's fire_watches walks every connection's watches for each changed node)</li>
 * </ul>
 * The client also waits a round trip (two message latencies) per request; for a batch standing for k requests
 * the server adds the other k - 1 round trips to the reply, during which it serves other clients.
 */
public final class XenstoreCosts implements Serializable {
  private final CostModel cost;
  private final ConflictRule rule;

  public XenstoreCosts(CostModel cost, ConflictRule rule) {
    this.cost = cost;
    this.rule = rule;
  }

  public long simple() {
    return cost.xsOp();
  }

  public long directory(int children) {
    return cost.xsOp() + children * cost.xsPerEntry();
  }

  public long transactionStart(int storeSize) {
    return cost.xsOp() + (rule == ConflictRule.store ? storeSize * cost.xsTxCopyPerNode() : 0);
  }

  public long writes(int count) {
    return count * cost.xsOp();
  }

  public long commit(int touched) {
    return cost.xsOp() + touched * cost.xsCommitPerNode();
  }

  public long nameLookup(int domains) {
    return cost.xsOp() + domains * (cost.xsPerEntry() + cost.xsOp());
  }

  /** Firing watches on {@code changed} nodes with {@code connections} domains and {@code watches} registered. */
  public long fanOut(int changed, int connections, int watches, int fired) {
    return cost.dom0().fanOut(changed, connections, watches, fired);
  }

  /** Client-side time of the extra round trips a batch of {@code requests} requests stands for. */
  public long extraRoundTrips(int requests) {
    return Math.max(0, requests - 1) * 2 * cost.messageLatency();
  }
}
