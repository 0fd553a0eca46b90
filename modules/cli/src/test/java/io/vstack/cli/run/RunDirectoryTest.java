package io.vstack.cli.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scalatestplus.junit.JUnitSuite;

public class RunDirectoryTest extends JUnitSuite {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aCommittedRunDirectoryHasTheUsersDefaultPermissionsNotOwnerOnly() throws Exception {
    Path root = tmp.getRoot().toPath();
    Assume.assumeTrue("POSIX permissions", root.getFileSystem().supportedFileAttributeViews().contains("posix"));
    RunDirectory run = RunDirectory.create(root.resolve("run"));
    Path committed = run.commit();
    Path plain = Files.createDirectory(root.resolve("plain"));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(committed));
  }

  @Test
  public void runsStagedAtOnceGetTheirOwnDirectoriesAndNames() throws Exception {
    Path wanted = tmp.getRoot().toPath().resolve("run");
    RunDirectory first = RunDirectory.create(wanted);
    RunDirectory second = RunDirectory.create(wanted);
    assertNotEquals(first.staging(), second.staging());
    assertEquals(wanted, first.commit());
    assertEquals(wanted.resolveSibling("run-2"), second.commit());
    assertTrue(Files.isDirectory(wanted.resolveSibling("run-2")));
  }
}
