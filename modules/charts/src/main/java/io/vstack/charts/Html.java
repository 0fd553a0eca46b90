package io.vstack.charts;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Builds an HTML page in which every text and attribute value is escaped: the only way to add markup that is not
 * escaped is {@link #trusted}, for markup this code base renders itself (the charts' SVG, whose texts JFreeSVG
 * escapes). Elements nest through callbacks, so every element is closed.
 */
public final class Html {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private final StringBuilder out = new StringBuilder();

  private Html() {
  }

  /** A whole page: {@code <!DOCTYPE html>}, a head with {@code title} and {@code css}, then {@code body}. */
  public static String page(String title, String css, Consumer<Html> body) {
    Html h = new Html();
    h.out.append("<!DOCTYPE html>\n");
    h.element("html", html -> {
      html.element("head", head -> {
        head.empty("meta", "charset", "utf-8");
        head.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        head.element("title", title);
        head.element("style", style -> style.out.append(css.replace("</", "<\\/")));
      });
      html.element("body", body);
    }, "lang", "en");
    h.out.append('\n');
    return h.out.toString();
  }

  /** {@code <name attributes>children</name>}; {@code attributes} are name, value pairs. */
  public Html element(String name, Consumer<Html> children, String... attributes) {
    open(name, attributes);
    children.accept(this);
    out.append("</").append(name).append('>');
    return this;
  }

  /** {@code <name attributes>text</name>}, the text escaped. */
  public Html element(String name, String text, String... attributes) {
    return element(name, h -> h.text(text), attributes);
  }

  /** An element without content or end tag, such as {@code <meta>} or {@code <br>}. */
  public Html empty(String name, String... attributes) {
    open(name, attributes);
    return this;
  }

  public Html text(String text) {
    out.append(escape(text));
    return this;
  }

  /** A line break in the source, for people reading it. */
  public Html newline() {
    out.append('\n');
    return this;
  }

  /** Markup rendered by this code base, inserted as is. */
  public Html trusted(String markup) {
    out.append(markup);
    return this;
  }

  private void open(String name, String... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs: " + String.join(", ", attributes));
    }
    out.append('<').append(checked(name));
    for (int i = 0; i < attributes.length; i += 2) {
      out.append(' ').append(checked(attributes[i])).append("=\"").append(escape(attributes[i + 1])).append('"');
    }
    out.append('>');
  }

  private static String checked(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not an element or attribute name: " + name);
    }
    return name;
  }

  /** {@code text} with the characters that could end a text or an attribute value replaced by references. */
  public static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }
}
