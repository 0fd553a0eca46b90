package io.vstack.model.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.model.TestConf;
import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class Dom0CostsTest extends JUnitSuite {
  private static final long MS = 1_000_000;
  private static final Dom0Costs COSTS = new Dom0Costs(50 * MS, 5 * MS, 300 * MS, 10 * MS, 1 * MS, 2 * MS, 100, 5_000,
      100 * MS);

  @Test
  public void aRunningGuestNeedsItsConsoleEachDeviceAndForHvmItsDeviceModel() {
    assertEquals(1 * MS + 3 * 2 * MS, COSTS.perSecond(new GuestType(1024, 1, 1, 2)));
    assertEquals(1 * MS + 3 * 2 * MS + 10 * MS, COSTS.perSecond(new GuestType(1024, 1, 1, 2,
        GuestType.Virtualization.hvm, GuestType.Bootloader.none)));
    assertEquals(1 * MS, COSTS.perSecond(new GuestType(16, 1, 0, 0)));
  }

  @Test
  public void firingWatchesWalksEveryConnectionAndWatchPerChangedNodeAndPaysPerEvent() {
    // 3 changed nodes, 20 domain connections and 5 watches walked for each, 2 events queued
    assertEquals(3 * 25 * 100 + 2 * 5_000, COSTS.fanOut(3, 20, 5, 2));
    assertEquals(0, COSTS.fanOut(0, 20, 5, 0));
  }

  @Test
  public void theDefaultsAreTheCostModelsFigures() {
    Dom0Costs d = TestConf.cost().dom0();
    assertEquals(50 * MS, d.deviceModelSpawn());
    assertEquals(100 * MS, d.xenstoredPeriod());
    assertTrue(d.perSecond(new GuestType(1024, 1, 1, 1, GuestType.Virtualization.hvm, GuestType.Bootloader.none))
        > d.perSecond(new GuestType(1024, 1, 1, 1)));
  }

  @Test
  public void guestTypeAndBootloaderAreReadAndAnHvmGuestCannotUsePygrub() {
    assertEquals(GuestType.Virtualization.pv, TestConf.scenario().guest().virt());
    GuestType hvm = TestConf.scenario("guest.type=hvm").guest();
    assertTrue(hvm.hvm());
    assertEquals(GuestType.Bootloader.pygrub, TestConf.scenario("guest.bootloader=pygrub").guest().bootloader());
    InvalidConfig wrongType = Assert.assertThrows(InvalidConfig.class, () -> TestConf.scenario("guest.type=pvhvm"));
    assertTrue(wrongType.getMessage(), wrongType.getMessage().contains("scenario.guest.type")
        && wrongType.getMessage().contains("is not one of pv, hvm"));
    InvalidConfig pygrubHvm = Assert.assertThrows(InvalidConfig.class,
        () -> TestConf.scenario("guest.type=hvm", "guest.bootloader=pygrub"));
    assertTrue(pygrubHvm.getMessage(), pygrubHvm.getMessage().contains("scenario.guest.bootloader")
        && pygrubHvm.getMessage().contains("PV guests only"));
    InvalidConfig noxs = Assert.assertThrows(InvalidConfig.class,
        () -> TestConf.scenario("guest.type=hvm", "toolstack.noxs=on", "toolstack.mode=parallel"));
    assertTrue(noxs.getMessage(), noxs.getMessage().contains("toolstack.noxs"));
  }

  @Test
  public void aRunningGuestCannotNeedMoreThanAWholeDom0Vcpu() {
    InvalidConfig e = Assert.assertThrows(InvalidConfig.class,
        () -> TestConf.scenario("cost.device-model.running-per-second=2s"));
    assertTrue(e.getMessage(), e.getMessage().contains("running-per-second"));
  }
}
