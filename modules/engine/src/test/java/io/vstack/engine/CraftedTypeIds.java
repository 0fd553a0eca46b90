package io.vstack.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Crafts hostile input for decoders that name classes: the class names in a decoded Jackson tree, replaced. */
public final class CraftedTypeIds {
  private CraftedTypeIds() {
  }

  /** Replaces every text {@code from} in {@code tree} with {@code to}; whether there was one. */
  public static boolean rename(JsonNode tree, String from, String to) {
    boolean found = false;
    if (tree instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual() && array.get(i).asText().equals(from)) {
          array.set(i, TextNode.valueOf(to));
          found = true;
        } else {
          found |= rename(array.get(i), from, to);
        }
      }
    } else if (tree instanceof ObjectNode object) {
      for (JsonNode child : object) {
        found |= rename(child, from, to);
      }
    }
    return found;
  }
}
