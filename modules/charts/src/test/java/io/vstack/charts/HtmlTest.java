package io.vstack.charts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Assert;
import org.junit.Test;
import org.scalatestplus.junit.JUnitSuite;

public class HtmlTest extends JUnitSuite {

  @Test
  public void textsAndAttributeValuesAreEscaped() {
    String page = Html.page("a <b> & \"c\"", "td{}", body -> body.element("a", "<script>alert('x')</script>",
        "href", "x.csv\" onclick=\"evil()"));
    assertTrue(page, page.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"));
    assertTrue(page, page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assertTrue(page, page.contains("href=\"x.csv&quot; onclick=&quot;evil()\""));
    assertFalse(page, page.contains("<script>"));
  }

  @Test
  public void everyElementIsClosedInOrder() {
    String page = Html.page("t", "", body -> body.element("table", t -> t.element("tr", r -> r.element("td", "1"))));
    assertTrue(page, page.contains("<body><table><tr><td>1</td></tr></table></body></html>"));
    assertTrue(page, page.startsWith("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"));
  }

  @Test
  public void theStyleSheetCannotCloseItsElement() {
    String page = Html.page("t", "p{}</style><script>", body -> { });
    assertEquals(1, page.split("</style>", -1).length - 1);
  }

  @Test
  public void namesThatAreNotElementOrAttributeNamesAreRejected() {
    Assert.assertThrows(IllegalArgumentException.class, () -> Html.page("t", "", b -> b.element("p onclick", "x")));
    Assert.assertThrows(IllegalArgumentException.class, () -> Html.page("t", "", b -> b.element("p", "x", "a=b", "c")));
    Assert.assertThrows(IllegalArgumentException.class, () -> Html.page("t", "", b -> b.element("p", "x", "odd")));
  }

  @Test
  public void aFragmentTakesSvgNamesAndWritesNumbersAsTheyPrint() {
    String svg = Html.fragment(h -> h.element("svg", s -> s.element("rect", r -> { }, "width", 14, "fill-opacity",
        0.55), "viewBox", "0 0 10 10", "xmlns:xlink", "http://www.w3.org/1999/xlink"));
    assertEquals("<svg viewBox=\"0 0 10 10\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><rect width=\"14\" "
        + "fill-opacity=\"0.55\"></rect></svg>", svg);
  }
}
