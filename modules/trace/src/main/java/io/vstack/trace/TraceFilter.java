package io.vstack.trace;

import io.vstack.model.Layout;
import io.vstack.model.MessageFields;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which messages a trace keeps: by component kind (sender or receiver), message type, guest and virtual-time
 * window. Empty sets mean "all". Spec syntax, clauses separated by {@code ;}:
 * {@code kind=pcpu,worker; type=Pcpu.Run; guest=0,3; from=1.5s; to=20s}.
 */
public record TraceFilter(Set<String> kinds, Set<String> types, Set<Integer> guests, long from, long to) {

  public static final TraceFilter ALL = new TraceFilter(Set.of(), Set.of(), Set.of(), 0, Long.MAX_VALUE);

  /** A spec that cannot be read; the message quotes the clause and says what is allowed. */
  public static final class BadFilter extends IllegalArgumentException {
    public BadFilter(String message) {
      super(message);
    }
  }

  public static TraceFilter parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return ALL;
    }
    Set<String> kinds = new TreeSet<>();
    Set<String> types = new TreeSet<>();
    Set<Integer> guests = new TreeSet<>();
    long from = 0;
    long to = Long.MAX_VALUE;
    Set<String> known = Arrays.stream(Layout.Kind.values()).map(Enum::name).collect(Collectors.toSet());
    for (String clause : spec.split(";")) {
      String[] kv = clause.trim().split("=", 2);
      if (kv.length != 2) {
        throw new BadFilter("trace filter clause '" + clause.trim() + "': expected key=value with "
            + "key one of kind, type, guest, from, to");
      }
      List<String> values = Arrays.stream(kv[1].split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
      switch (kv[0].trim()) {
        case "kind" -> {
          for (String k : values) {
            if (!known.contains(k)) {
              throw new BadFilter("trace filter kind '" + k + "' is not one of "
                  + new TreeSet<>(known));
            }
          }
          kinds.addAll(values);
        }
        case "type" -> types.addAll(values);
        case "guest" -> values.forEach(v -> guests.add(integer(v)));
        case "from" -> from = seconds(kv[1]);
        case "to" -> to = seconds(kv[1]);
        default -> throw new BadFilter("trace filter key '" + kv[0].trim() + "' is not one of kind, "
            + "type, guest, from, to");
      }
    }
    return new TraceFilter(kinds, types, guests, from, to);
  }

  /** Whether a message between these components is kept (before guest attribution). */
  public boolean keeps(long time, String fromKind, String toKind, Object message) {
    return time >= from && time < to && (kinds.isEmpty() || kinds.contains(fromKind) || kinds.contains(toKind))
        && (types.isEmpty() || types.contains(MessageFields.type(message)));
  }

  public boolean keepsGuest(int guest) {
    return guests.isEmpty() || guests.contains(guest);
  }

  private static int integer(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new BadFilter("trace filter guest '" + v + "' is not a guest number");
    }
  }

  /** A time like 250ms, 40us or 1.5s, in nanoseconds; a negative, infinite or not-a-number time is refused. */
  private static long seconds(String v) {
    String s = v.trim();
    double scale = s.endsWith("ms") ? 1e6 : s.endsWith("us") ? 1e3 : s.endsWith("s") ? 1e9 : Double.NaN;
    double nanos;
    try {
      nanos = Double.parseDouble(s.replaceAll("(ms|us|s)$", "")) * scale;
    } catch (NumberFormatException e) {
      nanos = Double.NaN;
    }
    if (!(nanos >= 0 && nanos < Long.MAX_VALUE)) {
      throw new BadFilter("trace filter time '" + s + "' is not a duration like 250ms or 1.5s");
    }
    return (long) nanos;
  }
}
