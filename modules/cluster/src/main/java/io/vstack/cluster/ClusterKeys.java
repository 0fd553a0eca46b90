package io.vstack.cluster;

import akka.http.scaladsl.server.directives.Credentials;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import scala.Option;
import scala.concurrent.Future;

/**
 * A cluster's credentials, in a directory only its owner can enter: a key store holding the cluster's own
 * self-signed key pair, which every member and client presents and trusts for Artery's mutual TLS, and a secret,
 * which is the key store's password and the password of the management endpoint's write routes. Whoever lacks them
 * can neither join the cluster nor drive its members.
 */
public record ClusterKeys(Path dir) {
  static final String KEY_STORE = "cluster.p12";
  static final String SECRET = "cluster.secret";
  /** The user name the management endpoint's basic authentication expects. */
  public static final String USER = "vstack";
  private static final String SECRET_ENV = "VSTACK_CLUSTER_SECRET";
  private static final String TLS = "akka.remote.artery.ssl.config-ssl-engine.";

  /**
   * Generates a new cluster's key pair and secret in {@code dir} (created, or restricted, to mode 0700; both files
   * 0600), replacing any there, with the JDK's keytool (no extra dependency, and a key pair no library version can
   * get wrong).
   */
  public static ClusterKeys generate(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    ClusterKeys keys = new ClusterKeys(dir);
    Files.deleteIfExists(keys.keyStore());
    Files.deleteIfExists(keys.secretFile());
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.writeString(Files.createFile(keys.secretFile(), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------"))), secret);
    // The password reaches keytool through its environment, never its command line (which every user can read).
    ProcessBuilder keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "vstack-cluster", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
        "-dname", "CN=vstack cluster", "-storetype", "PKCS12", "-keystore", keys.keyStore().toString(),
        "-storepass:env", SECRET_ENV, "-keypass:env", SECRET_ENV, "-noprompt").redirectErrorStream(true);
    keytool.environment().put(SECRET_ENV, secret);
    Process p = keytool.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool could not generate the cluster's key store " + keys.keyStore() + ": "
            + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating " + keys.keyStore(), e);
    }
    Files.setPosixFilePermissions(keys.keyStore(), PosixFilePermissions.fromString("rw-------"));
    return keys;
  }

  /** The keys in {@code dir}, which must hold both files (as {@link #generate} writes them). */
  public static ClusterKeys load(Path dir) {
    ClusterKeys keys = new ClusterKeys(dir);
    for (Path file : List.of(keys.keyStore(), keys.secretFile())) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(file + ": missing; a cluster's members and clients need its key store "
            + "and secret, which 'vstack cluster up' or 'vstack cluster keys DIR' generates (copy both to every "
            + "machine that joins)");
      }
    }
    return keys;
  }

  public Path keyStore() {
    return dir.resolve(KEY_STORE);
  }

  public Path secretFile() {
    return dir.resolve(SECRET);
  }

  public String secret() {
    try {
      return Files.readString(secretFile()).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(secretFile() + ": unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * Artery over TLS with this cluster's key store as both key and trust store, each side proving it holds the key
   * (mutual authentication); hostnames are not checked, since members are known by address, not certificate name.
   */
  public Config artery() {
    String store = keyStore().toAbsolutePath().toString();
    String secret = secret();
    return ConfigFactory.parseMap(Map.of(
        "akka.remote.artery.transport", "tls-tcp",
        TLS + "key-store", store,
        TLS + "trust-store", store,
        TLS + "key-store-password", secret,
        TLS + "key-password", secret,
        TLS + "trust-store-password", secret,
        TLS + "require-mutual-authentication", "on",
        TLS + "enabled-algorithms", ConfigValueFactory.fromIterable(List.of(
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))),
        "vstack cluster keys in " + dir);
  }

  /**
   * Akka Management's basic authenticator: user {@value #USER} with this cluster's secret, nobody else. It is the
   * Scala DSL's: Akka Management 1.1.4 applies a Java DSL authenticator as optional, so a request without
   * credentials passed (the flaw behind advisory GHSA-9qvj-rpj8-v5c8).
   */
  public Future<Option<String>> authenticate(Credentials credentials) {
    boolean valid = credentials instanceof Credentials.Provided provided && provided.identifier().equals(USER)
        && provided.verify(secret());
    return Future.successful(valid ? Option.apply(USER) : Option.empty());
  }

  /** The {@code Authorization} header value a client of the management endpoint sends. */
  public String basicAuthorization() {
    return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + secret()).getBytes(StandardCharsets.UTF_8));
  }
}
