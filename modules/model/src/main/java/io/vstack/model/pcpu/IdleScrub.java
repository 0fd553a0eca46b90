package io.vstack.model.pcpu;

import io.vstack.engine.LpRef;
import io.vstack.model.TraceFields;
import io.vstack.model.XenMsg;
import java.util.Map;

/**
 * The idle-loop scrubbing protocol (Xen 4.10 and later, {@code scrub.placement = idle}) between a NUMA node and its
 * pCPUs. The node tells its pCPUs when it has dirty memory ({@link DirtyMemory}); an idle pCPU asks for a chunk
 * ({@link WantChunk}), scrubs the {@link ScrubChunk} it is given and gives it back ({@link ChunkScrubbed}), until the
 * node answers {@link NothingToScrub}. Both sides speak it through this file so that neither imports the other.
 */
public final class IdleScrub {
  private IdleScrub() {
  }

  /** What a node tells one of its pCPUs. */
  public sealed interface ToPcpu extends XenMsg permits DirtyMemory, ScrubChunk, NothingToScrub {
  }

  /** What a pCPU tells its node. */
  public sealed interface ToNode extends XenMsg permits WantChunk, ChunkScrubbed {
  }

  /** Its node has dirty memory; ask it for a chunk whenever there is nothing else to run. */
  public record DirtyMemory() implements ToPcpu {
  }

  /** Scrub {@code pages} of the node's dirty memory, {@code duration} ns, unless busy by now. */
  public record ScrubChunk(long pages, long duration) implements ToPcpu {
    @Override
    public Map<String, Object> traceFields() {
      return TraceFields.of("pages", pages, "duration", duration);
    }
  }

  /** Its node's memory is clean; stop asking until told of dirty memory again. */
  public record NothingToScrub() implements ToPcpu {
  }

  /** Idle {@code pcpu} asks for a chunk; answered by a chunk, nothing to scrub, or after a wait. */
  public record WantChunk(LpRef<XenMsg> pcpu) implements ToNode {
  }

  /** {@code pcpu} scrubbed {@code pages} of its chunk and gives it back; asks again if {@code more}. */
  public record ChunkScrubbed(LpRef<XenMsg> pcpu, long pages, boolean more) implements ToNode, XenMsg.AboutPages {
  }
}
