package io.vstack.model;

import io.vstack.model.domain.Domain;
import io.vstack.model.hypervisor.Hypervisor;
import io.vstack.model.numa.NumaNode;
import io.vstack.model.pcpu.Pcpu;
import io.vstack.model.toolstack.DeviceBackend;
import io.vstack.model.toolstack.ToolstackWorker;
import io.vstack.model.xenstore.XenstoreCache;
import io.vstack.model.xenstore.XenstoreShard;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model message appears in a message trace: its type name ({@code Component.Message}) and its key fields
 * (work kind and duration, page counts, Xenstore path and op, domid, guest), in a fixed order.
 */
public final class MessageFields {
  private MessageFields() {
  }

  private static final ClassValue<String> TYPES = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> c) {
      return c.getEnclosingClass() == null ? c.getSimpleName() : c.getEnclosingClass().getSimpleName() + "."
          + c.getSimpleName();
    }
  };

  /** {@code Outer.Inner} for a nested record, else the simple class name. */
  public static String type(Object message) {
    return TYPES.get(message.getClass());
  }

  public static Map<String, Object> of(Object m) {
    Map<String, Object> f = new LinkedHashMap<>();
    if (m instanceof Pcpu.Run r) {
      f.put("work", r.kind().name());
      f.put("duration", r.duration());
    } else if (m instanceof NumaNode.Allocate a) {
      f.put("pages", a.pages());
    } else if (m instanceof NumaNode.Allocated a) {
      f.put("node", a.node());
      f.put("pages", a.granted());
    } else if (m instanceof NumaNode.Free x) {
      f.put("pages", x.pages());
    } else if (m instanceof NumaNode.Release x) {
      f.put("pages", x.pages());
    } else if (m instanceof NumaNode.Scrubbed x) {
      f.put("pages", x.pages());
      f.put("remote", x.remote());
    } else if (m instanceof NumaNode.ScrubLocally x) {
      f.put("pages", x.pages());
    } else if (m instanceof NumaNode.BatchDone x) {
      f.put("pages", x.pages());
    } else if (m instanceof NumaNode.ReleaseDirty x) {
      f.put("pages", x.pages());
    } else if (m instanceof NumaNode.AllocateDirty x) {
      f.put("pages", x.pages());
      f.put("remote", x.remote());
    } else if (m instanceof NumaNode.ChunkScrubbed x) {
      f.put("pages", x.pages());
    } else if (m instanceof Pcpu.ScrubChunk x) {
      f.put("pages", x.pages());
      f.put("duration", x.duration());
    } else if (m instanceof NumaNode.NodeMemory x) {
      f.put("node", x.node());
      f.put("free", x.free());
      f.put("dirty", x.dirty());
    } else if (m instanceof XenstoreShard.Read x) {
      f.put("path", x.path());
    } else if (m instanceof XenstoreShard.Write x) {
      f.put("path", x.path());
    } else if (m instanceof XenstoreShard.Update x) {
      f.put("path", x.path());
    } else if (m instanceof XenstoreShard.Remove x) {
      f.put("path", x.path());
    } else if (m instanceof XenstoreShard.Directory x) {
      f.put("path", x.path());
    } else if (m instanceof XenstoreShard.Watch x) {
      f.put("path", x.path());
    } else if (m instanceof XenstoreShard.Unwatch x) {
      f.put("path", x.path());
    } else if (m instanceof XenstoreShard.WatchEvent x) {
      f.put("path", x.path());
    } else if (m instanceof XenstoreShard.TxApply x) {
      f.put("tx", x.tx());
      f.put("ops", x.ops().size());
    } else if (m instanceof XenstoreShard.TxCommit x) {
      f.put("tx", x.tx());
    } else if (m instanceof XenstoreShard.TxPrepare x) {
      f.put("tx", x.tx());
    } else if (m instanceof XenstoreShard.TxAbort x) {
      f.put("tx", x.tx());
    } else if (m instanceof XenstoreShard.FindName x) {
      f.put("name", x.name());
    } else if (m instanceof XenstoreShard.XsReply x) {
      f.put("status", x.status().name());
    } else if (m instanceof XenstoreCache.Lookup x) {
      f.put("name", x.name());
    } else if (m instanceof Hypervisor.DomainCreated x) {
      f.put("domid", x.domid());
    } else if (m instanceof Hypervisor.UnpauseDomain x) {
      f.put("domid", x.domid());
    } else if (m instanceof Hypervisor.KillDomain x) {
      f.put("domid", x.domid());
    } else if (m instanceof Hypervisor.ReleaseDomain x) {
      f.put("domid", x.domid());
    } else if (m instanceof Hypervisor.FindDomain x) {
      f.put("name", x.name());
    } else if (m instanceof Hypervisor.FreeMemory x) {
      f.put("pages", x.pages());
    } else if (m instanceof Hypervisor.MemoryFreed x) {
      f.put("pages", x.ballooned());
    } else if (m instanceof Hypervisor.AddDevice x) {
      f.put("domid", x.domid());
    } else if (m instanceof Hypervisor.RemoveDevice x) {
      f.put("domid", x.domid());
    } else if (m instanceof DeviceBackend.NoxsCreate x) {
      f.put("device", x.device());
    } else if (m instanceof DeviceBackend.NoxsDestroy x) {
      f.put("device", x.device());
    } else if (m instanceof DeviceBackend.NoxsDestroyAll x) {
      f.put("domid", x.domid());
    } else if (m instanceof ToolstackWorker.Start x) {
      f.put("op", x.operation().kind().name());
      f.put("guest", x.operation().guest());
      if (x.operation().shell() != null) {
        f.put("shell", x.operation().shell().domid());
      }
    } else if (m instanceof Hypervisor.AdoptShell x) {
      f.put("domid", x.domid());
    } else if (m instanceof ToolstackWorker.OperationDone x) {
      f.put("op", x.result().operation().kind().name());
      f.put("guest", x.result().operation().guest());
      f.put("ok", x.result().ok());
    } else if (m instanceof Domain.GuestRunning x) {
      f.put("guest", x.guest());
    } else if (m instanceof Domain.Boot x) {
      f.put("domid", x.domid());
    }
    return f;
  }
}
