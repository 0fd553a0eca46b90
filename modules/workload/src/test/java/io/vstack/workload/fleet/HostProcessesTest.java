package io.vstack.workload.fleet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.TreeSet;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class HostProcessesTest extends JUnitSuite {

  @Test
  public void everyHostHasItsOwnProcessAndEachProcessNamesItsHost() {
    for (int hosts : new int[] {1, 2, 3, 8, 100, 1000, 1024, 4250}) {
      HostProcesses layout = HostProcesses.of(5, hosts);
      TreeSet<Integer> processes = new TreeSet<>();
      for (int h = 0; h < hosts; h++) {
        int p = layout.process(h);
        assertTrue(p >= 5 && p < 5 + hosts);
        assertEquals(h, layout.host(p));
        processes.add(p);
      }
      assertEquals(hosts, processes.size());
    }
  }

  @Test
  public void hostsFilledOneAfterAnotherLandInDifferentBlocksOfProcesses() {
    // 1,000 hosts cut into 32 contiguous blocks, as the partitioned executor cuts a fleet on two threads
    HostProcesses layout = HostProcesses.of(0, 1000);
    int blockSize = (1000 + 31) / 32;
    for (int first = 0; first + 16 <= 1000; first += 97) {
      TreeSet<Integer> blocks = new TreeSet<>();
      for (int h = first; h < first + 16; h++) {
        blocks.add(layout.process(h) / blockSize);
      }
      assertEquals("hosts " + first + ".." + (first + 15), 16, blocks.size());
    }
  }
}
