package io.vstack.model.xenopsd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.vstack.model.config.GuestType;
import io.vstack.model.toolstack.Operation;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class RedirectorTest extends JUnitSuite {
  private static final GuestType GUEST = new GuestType(512, 1, 1, 1);

  private static Operation op(Operation.Kind kind, int guest) {
    return new Operation(kind, guest, "vm-" + guest, GUEST, 0);
  }

  @Test
  public void aVmsOperationsRunOneAtATimeInOrderWhileOtherVmsGoAhead() {
    Redirector r = new Redirector();
    r.push(op(Operation.Kind.create, 0), false);
    r.push(op(Operation.Kind.destroy, 0), false);
    r.push(op(Operation.Kind.create, 1), false);
    assertEquals(op(Operation.Kind.create, 0), r.next());
    assertEquals("vm-0 is busy: vm-1 overtakes its destroy", op(Operation.Kind.create, 1), r.next());
    assertNull("both VMs are busy", r.next());
    r.finished(1);
    assertNull(r.next());
    r.finished(0);
    assertEquals(op(Operation.Kind.destroy, 0), r.next());
    assertEquals(0, r.waiting());
  }

  @Test
  public void urgentOperationsGoFirstUnlessTheirVmIsBusy() {
    Redirector r = new Redirector();
    r.push(op(Operation.Kind.create, 0), false);
    r.push(op(Operation.Kind.create, 1), false);
    assertEquals(op(Operation.Kind.create, 0), r.next());
    r.push(op(Operation.Kind.destroy, 0), true);
    r.push(op(Operation.Kind.destroy, 2), true);
    assertEquals(op(Operation.Kind.destroy, 2), r.next());
    assertEquals(op(Operation.Kind.create, 1), r.next());
    r.finished(0);
    assertEquals(op(Operation.Kind.destroy, 0), r.next());
  }
}
