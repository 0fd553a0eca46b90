package io.vstack.charts;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Builds HTML (and inline SVG) in which every text and attribute value is escaped: the only way to add markup that is
 * not escaped is {@link #trusted}, for markup this code base renders itself (the charts' SVG, whose texts JFreeSVG
 * escapes, or another {@link #fragment}). Elements nest through callbacks, so every element is closed. Every page
 * vstack writes (experiment pages and trace reports) is built with it.
 */
public final class Html {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]*(:[a-zA-Z][a-zA-Z0-9-]*)?");
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

  /** Markup that is not a whole page (an inline SVG, a table), to be inserted with {@link #trusted}. */
  public static String fragment(Consumer<Html> content) {
    Html h = new Html();
    content.accept(h);
    return h.out.toString();
  }

  /**
   * {@code <name attributes>children</name>}; {@code attributes} are name, value pairs, a value written as
   * {@link String#valueOf} writes it.
   */
  public Html element(String name, Consumer<Html> children, Object... attributes) {
    open(name, attributes);
    children.accept(this);
    out.append("</").append(name).append('>');
    return this;
  }

  /** {@code <name attributes>text</name>}, the text escaped. */
  public Html element(String name, String text, Object... attributes) {
    return element(name, h -> h.text(text), attributes);
  }

  /**
   * An HTML void element, without content or end tag, such as {@code <meta>} or {@code <br>} (an SVG element without
   * content is an {@link #element} with no children: SVG has no void elements).
   */
  public Html empty(String name, Object... attributes) {
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

  private void open(String name, Object... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs: " + Arrays.toString(attributes));
    }
    out.append('<').append(checked(name));
    for (int i = 0; i < attributes.length; i += 2) {
      out.append(' ').append(checked(String.valueOf(attributes[i]))).append("=\"")
          .append(escape(String.valueOf(attributes[i + 1]))).append('"');
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
