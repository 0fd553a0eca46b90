package io.vstack.model.toolstack;

import io.vstack.model.config.GuestType;
import io.vstack.model.xenstore.TxOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The Xenstore layout libxl writes for a guest and its devices (tools/libxl/libxl_create.c, libxl_device.c), and
 * where a guest's memory and vCPUs go.
 */
public final class DevicePaths {
  private DevicePaths() {
  }

  /** NUMA node a guest is placed on: guests spread round-robin over nodes (assumption for an evenly loaded host). */
  public static int homeNode(int guest, int nodes) {
    return guest % nodes;
  }

  public static String uuid(int domid) {
    return String.format("00000000-0000-4000-8000-%012x", domid);
  }

  /** Device {@code d}: the first {@code vifs} are vifs, the rest vbds. */
  public static String type(int device, GuestType guest) {
    return device < guest.vifs() ? "vif" : "vbd";
  }

  public static int devid(int device, GuestType guest) {
    return device < guest.vifs() ? device : device - guest.vifs();
  }

  public static String backendDir(int domid, int device, GuestType guest) {
    return "/local/domain/0/backend/" + type(device, guest) + "/" + domid + "/" + devid(device, guest);
  }

  /** The domid in a backend directory name {@code /local/domain/0/backend/<type>/<domid>/<devid>}. */
  public static int domidOfBackendDir(String dir) {
    String[] parts = dir.split("/");
    return Integer.parseInt(parts[parts.length - 2]);
  }

  /** The backend state node the frontend/backend handshake goes through (XenbusState: 1 init, 4 connected, 5 closing). */
  public static String state(int domid, int device, GuestType guest) {
    return backendDir(domid, device, guest) + "/state";
  }

  /** libxl__domain_make's transaction: the guest's nodes under /local/domain, /vm and /libxl. */
  public static List<TxOp> domainEntries(int domid, String name, GuestType guest) {
    String dom = "/local/domain/" + domid;
    String vm = "/vm/" + uuid(domid);
    List<TxOp> ops = new ArrayList<>();
    ops.add(TxOp.write(dom + "/name", name));
    ops.add(TxOp.write(dom + "/domid", Integer.toString(domid)));
    ops.add(TxOp.write(dom + "/vm", vm));
    ops.add(TxOp.write(dom + "/memory/static-max", Long.toString(guest.memoryMib() * 1024)));
    ops.add(TxOp.write(dom + "/memory/target", Long.toString(guest.memoryMib() * 1024)));
    for (int v = 0; v < guest.vcpus(); v++) {
      ops.add(TxOp.write(dom + "/cpu/" + v + "/availability", "online"));
    }
    ops.add(TxOp.write(dom + "/control/shutdown", ""));
    ops.add(TxOp.write(dom + "/control/platform-feature-multiprocessor-suspend", "1"));
    ops.add(TxOp.write(dom + "/data", ""));
    ops.add(TxOp.write(dom + "/device", ""));
    ops.add(TxOp.write(dom + "/console/port", "2"));
    ops.add(TxOp.write(dom + "/console/ring-ref", "1"));
    ops.add(TxOp.write(dom + "/console/type", "xenconsoled"));
    ops.add(TxOp.write(dom + "/store/port", "1"));
    ops.add(TxOp.write(dom + "/store/ring-ref", "2"));
    ops.add(TxOp.write(vm + "/name", name));
    ops.add(TxOp.write(vm + "/uuid", uuid(domid)));
    ops.add(TxOp.write(vm + "/start_time", "0"));
    ops.add(TxOp.write(vm + "/image/ostype", "linux"));
    ops.add(TxOp.write("/libxl/" + domid + "/type", guest.hvm() ? "hvm" : "pv"));
    ops.add(TxOp.write("/libxl/" + domid + "/dm-version", "qemu_xen"));
    return ops;
  }

  /**
   * libxl__domain_rename's transaction (tools/libxl/libxl_domain.c): the name under /local/domain and /vm. A shell
   * gets its guest's name this way when a creation finishes it.
   */
  public static List<TxOp> rename(int domid, String name) {
    return List.of(
        TxOp.write("/local/domain/" + domid + "/name", name),
        TxOp.write("/vm/" + uuid(domid) + "/name", name));
  }

  /** libxl__device_generic_add: frontend and backend nodes of device {@code device}, backend state 1. */
  public static List<TxOp> deviceEntries(int domid, int device, GuestType guest) {
    String type = type(device, guest);
    int devid = devid(device, guest);
    String front = "/local/domain/" + domid + "/device/" + type + "/" + devid;
    String back = backendDir(domid, device, guest);
    return List.of(
        TxOp.write(front + "/backend", back),
        TxOp.write(front + "/backend-id", "0"),
        TxOp.write(front + "/state", "1"),
        TxOp.write(front + "/handle", Integer.toString(devid)),
        TxOp.write(back + "/frontend", front),
        TxOp.write(back + "/frontend-id", Integer.toString(domid)),
        TxOp.write(back + "/online", "1"),
        TxOp.write(back + "/state", "1"));
  }

  /** Where an HVM guest's qemu reports its state (libxl__device_model_xs_path, libxl_dm.c): its directory. */
  public static String deviceModelDir(int domid) {
    return "/local/domain/0/device-model/" + domid;
  }

  /** What xl destroy (and a failed creation) removes: every subtree that belongs to the domain. */
  public static List<TxOp> domainRemovals(int domid) {
    return List.of(
        TxOp.remove("/local/domain/" + domid),
        TxOp.remove("/vm/" + uuid(domid)),
        TxOp.remove("/libxl/" + domid),
        TxOp.remove("/local/domain/0/backend/vif/" + domid),
        TxOp.remove("/local/domain/0/backend/vbd/" + domid));
  }
}
