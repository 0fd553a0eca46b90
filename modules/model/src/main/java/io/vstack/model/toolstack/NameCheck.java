package io.vstack.model.toolstack;

import java.io.Serializable;

/**
 * xl's name check (libxl_name_to_domid): before a creation the name must be free, in each of the lookups libxl makes;
 * before a destroy it must name a domain. A lookup is over with its last answer: one from the Xenstore cache or, with
 * noxs, from the hypervisor; one from each Xenstore shard otherwise.
 */
public final class NameCheck implements Serializable {

  /** Where the check stands after an answer. */
  public enum Verdict {
    /** The lookup waits for more answers. */
    waiting,
    /** The lookup is over and the check goes on: the next lookup, or the end. */
    next,
    /** A creation's name is already taken. */
    taken,
    /** A destroy's name names no domain. */
    unknown
  }

  private final boolean create;
  private int lookupsLeft;
  private int answersLeft;
  private boolean found;

  /** The check of a creation (else of a destroy), in {@code lookups} lookups. */
  public NameCheck(boolean create, int lookups) {
    this.create = create;
    this.lookupsLeft = lookups;
  }

  /** Whether a lookup is left to make; if so it is made now, and waits for {@code answers} answers. */
  public boolean another(int answers) {
    if (lookupsLeft == 0) {
      return false;
    }
    lookupsLeft--;
    answersLeft = answers;
    return true;
  }

  /** One answer to the current lookup: whether it found a domain of that name. */
  public Verdict answer(boolean domainFound) {
    found |= domainFound;
    if (--answersLeft > 0) {
      return Verdict.waiting;
    }
    if (create && found) {
      return Verdict.taken;
    }
    return !create && !found ? Verdict.unknown : Verdict.next;
  }
}
