package io.vstack.trace;

import java.util.Locale;

/**
 * A small HTML (and inline SVG) builder for the trace report, streaming open and close tags (the charts module's
 * {@code Html} nests through callbacks, which the report's long tables and the waterfall do not suit); it escapes
 * every text and attribute value it is given, as the charts module does: markup comes only from the tag names and
 * attribute names the code writes, never from data.
 */
final class Html {
  private final StringBuilder out = new StringBuilder();

  /** Opens {@code tag} with attributes given as name, value pairs. */
  Html open(String tag, Object... attributes) {
    out.append('<').append(tag);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      out.append(' ').append(attributes[i]).append("=\"").append(escape(String.valueOf(attributes[i + 1])))
          .append('"');
    }
    out.append('>');
    return this;
  }

  /** An element without content, e.g. {@code <rect .../>}. */
  Html empty(String tag, Object... attributes) {
    open(tag, attributes);
    out.setLength(out.length() - 1);
    out.append("/>");
    return this;
  }

  Html close(String tag) {
    out.append("</").append(tag).append(">\n");
    return this;
  }

  /** {@code <tag attributes>text</tag>}. */
  Html element(String tag, Object text, Object... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  Html text(Object text) {
    out.append(escape(String.valueOf(text)));
    return this;
  }

  /** Formatted text, in the root locale. */
  Html format(String format, Object... args) {
    return text(String.format(Locale.ROOT, format, args));
  }

  /** Markup from a renderer that escapes its own text (the charts module's SVG). */
  Html markup(String rendered) {
    out.append(rendered);
    return this;
  }

  /** Markup built by another {@code Html}: already escaped. */
  Html append(Html other) {
    out.append(other.out);
    return this;
  }

  /** A table row of cells; the first cell left-aligned (a name), the rest numbers. */
  Html row(Object... cells) {
    open("tr");
    for (int i = 0; i < cells.length; i++) {
      if (i == 0) {
        element("td", cells[i], "class", "l");
      } else {
        element("td", cells[i]);
      }
    }
    return close("tr");
  }

  /** A header row. */
  Html headers(Object... cells) {
    open("tr");
    for (Object c : cells) {
      element("th", c);
    }
    return close("tr");
  }

  /** As the charts module escapes: one escaping rule for every page vstack writes. */
  static String escape(String s) {
    return io.vstack.charts.Html.escape(s);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
