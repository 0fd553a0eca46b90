package io.vstack.cli.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.vstack.cli.InputError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Assert;
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
    RunDirectory run = RunDirectory.create(root.resolve("run"), true);
    Path committed = run.commit();
    Path plain = Files.createDirectory(root.resolve("plain"));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(committed));
  }

  @Test
  public void runsStagedAtOnceGetTheirOwnDirectoriesAndNames() throws Exception {
    Path wanted = tmp.getRoot().toPath().resolve("run");
    RunDirectory first = RunDirectory.create(wanted, true);
    RunDirectory second = RunDirectory.create(wanted, true);
    assertNotEquals(first.staging(), second.staging());
    assertEquals(wanted, first.commit());
    assertEquals(wanted.resolveSibling("run-2"), second.commit());
    assertTrue(Files.isDirectory(wanted.resolveSibling("run-2")));
  }

  private List<String> names() throws Exception {
    try (var files = Files.list(tmp.getRoot().toPath())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  public void aTakenDefaultNameIsNumberedAndATakenExplicitOneIsRefusedLeavingNothingBehind() throws Exception {
    Path wanted = tmp.getRoot().toPath().resolve("storm");
    RunDirectory.create(wanted, true).commit();
    assertEquals(wanted.resolveSibling("storm-2"), RunDirectory.create(wanted, true).commit());
    InputError refused = Assert.assertThrows(InputError.class, () -> RunDirectory.create(wanted, false));
    assertTrue(refused.getMessage(), refused.getMessage().startsWith("--out " + wanted + ": already exists"));
    assertEquals(List.of("storm", "storm-2"), names());
  }

  @Test
  public void anExplicitNameTakenWhileTheRunRanIsNeverOverwrittenAndItsStagingIsRemoved() throws Exception {
    Path wanted = tmp.getRoot().toPath().resolve("late");
    RunDirectory dir = RunDirectory.create(wanted, false);
    Files.writeString(dir.staging().resolve("summary.json"), "{}");
    Files.createDirectories(wanted);
    Files.writeString(wanted.resolve("theirs"), "kept");
    Assert.assertThrows(InputError.class, dir::commit);
    assertEquals(List.of("late"), names());
    assertEquals("kept", Files.readString(wanted.resolve("theirs")));
  }

  @Test
  public void anAbandonedRunLeavesNoStagingDirectory() throws Exception {
    RunDirectory dir = RunDirectory.create(tmp.getRoot().toPath().resolve("failed"), false);
    Files.createDirectories(dir.staging().resolve("stock"));
    Files.writeString(dir.staging().resolve("stock").resolve("summary.json"), "{}");
    dir.abandon();
    assertEquals(List.of(), names());
  }
}
