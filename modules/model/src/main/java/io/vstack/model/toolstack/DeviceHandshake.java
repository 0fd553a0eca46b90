package io.vstack.model.toolstack;

import io.vstack.engine.LpRef;
import io.vstack.model.XenMsg;
import io.vstack.model.config.GuestType;
import io.vstack.model.xenstore.TxOp;
import io.vstack.model.xenstore.XenstoreShard;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * One device of a domain set up or torn down through its Xenstore state node, as libxl and xenopsd do it: watch the
 * node; for a setup write the frontend and backend entries in a transaction and wait for the backend to connect
 * (state 4); for a teardown set the state to closing (5) and wait for the backend to remove the node; then unwatch.
 */
public final class DeviceHandshake implements Serializable {
  private static final Set<SharedStep> WAITING = Set.of(SharedStep.device_watch, SharedStep.device_tx_start,
      SharedStep.device_tx_apply, SharedStep.device_tx_commit, SharedStep.device_wait, SharedStep.teardown_watch,
      SharedStep.teardown_write, SharedStep.teardown_wait);

  private final int domid;
  private final int number;
  private final GuestType type;
  private final LpRef<XenMsg> shard;
  private boolean committed;

  /** Device {@code number} of domain {@code domid}, of type {@code type}, its backend's entries on {@code shard}. */
  public DeviceHandshake(int domid, int number, GuestType type, LpRef<XenMsg> shard) {
    this.domid = domid;
    this.number = number;
    this.type = type;
    this.shard = shard;
  }

  /** The shard of the device's backend entries and state node. */
  public LpRef<XenMsg> shard() {
    return shard;
  }

  public String statePath() {
    return DevicePaths.state(domid, number, type);
  }

  public XenMsg watch(LpRef<XenMsg> self, long tag) {
    return new XenstoreShard.Watch(statePath(), "dev", self, tag);
  }

  public XenMsg unwatch(LpRef<XenMsg> self) {
    return new XenstoreShard.Unwatch(statePath(), "dev", self, 0);
  }

  /** A teardown's request to the backend: the state set to closing. */
  public XenMsg closing(LpRef<XenMsg> self, long tag) {
    return new XenstoreShard.Write(statePath(), "5", self, tag);
  }

  /** A setup's frontend and backend entries. */
  public List<TxOp> entries() {
    return DevicePaths.deviceEntries(domid, number, type);
  }

  /** The setup's entries are committed: from now on a connected state ends the wait. */
  public void committed() {
    committed = true;
  }

  /** Whether a worker in {@code step} waits on this device's state node (a change is worth reading). */
  public boolean watchedIn(Enum<?> step) {
    return WAITING.contains(step);
  }

  /**
   * Whether the state node's {@code value} (null: gone) ends the wait in {@code step}: connected once the setup
   * committed, or removed after the teardown's write.
   */
  public boolean settled(Enum<?> step, String value) {
    return step == SharedStep.device_wait && committed && "4".equals(value)
        || step == SharedStep.teardown_wait && value == null;
  }
}
