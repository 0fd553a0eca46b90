package io.vstack.model.toolstack;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.vstack.engine.LpRef;
import io.vstack.model.config.GuestType;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class DeviceHandshakeTest extends JUnitSuite {
  private static final GuestType TYPE = new GuestType(512, 1, 1, 1);

  @Test
  public void aSetupEndsOnlyWhenTheBackendConnectsAfterTheCommit() {
    DeviceHandshake d = new DeviceHandshake(7, 0, TYPE, LpRef.of(3));
    assertFalse("connected before the entries are in", d.settled(SharedStep.device_wait, "4"));
    d.committed();
    assertFalse(d.settled(SharedStep.device_wait, "2"));
    assertTrue(d.settled(SharedStep.device_wait, "4"));
    assertFalse("the wrong step", d.settled(SharedStep.device_tx_commit, "4"));
  }

  @Test
  public void aTeardownEndsWhenTheStateNodeIsGone() {
    DeviceHandshake d = new DeviceHandshake(7, 1, TYPE, LpRef.of(3));
    assertFalse(d.settled(SharedStep.teardown_wait, "5"));
    assertTrue(d.settled(SharedStep.teardown_wait, null));
  }

  @Test
  public void onlyTheDeviceStepsWatchTheStateNode() {
    DeviceHandshake d = new DeviceHandshake(7, 0, TYPE, LpRef.of(3));
    assertTrue(d.watchedIn(SharedStep.device_tx_apply));
    assertTrue(d.watchedIn(SharedStep.teardown_write));
    assertFalse(d.watchedIn(SharedStep.unpause_lock));
    assertFalse(d.watchedIn(XlStep.noxs_device));
  }
}
