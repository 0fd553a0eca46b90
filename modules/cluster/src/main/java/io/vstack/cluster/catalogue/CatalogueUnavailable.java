package io.vstack.cluster.catalogue;

/** The run catalogue's database cannot be used; the message names it (a file or a server) and says why. */
public final class CatalogueUnavailable extends RuntimeException {
  CatalogueUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
