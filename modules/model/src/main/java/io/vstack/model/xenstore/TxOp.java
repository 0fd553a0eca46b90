package io.vstack.model.xenstore;

import java.io.Serializable;

/** One write ({@code value} not null) or removal inside a transaction. */
public record TxOp(String path, String value) implements Serializable {
  public static TxOp write(String path, String value) {
    return new TxOp(path, value);
  }

  public static TxOp remove(String path) {
    return new TxOp(path, null);
  }
}
