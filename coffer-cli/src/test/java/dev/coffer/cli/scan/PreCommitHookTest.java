package dev.coffer.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer scan install --pre-commit-hook [DIR]}. */
class PreCommitHookTest {
    @TempDir
    Path tmp;

    @Test
    void writesAnExecutableHookThatRunsTheStagedScan() throws IOException {
        GitRepo repo = GitRepo.init(tmp.resolve("repo"));
        Cli.Result r = Cli.run("scan", "install", "--pre-commit-hook", repo.dir.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(0);
        Path hook = repo.dir.resolve(".git/hooks/pre-commit");
        assertThat(hook).exists();
        assertThat(Files.isExecutable(hook)).isTrue();
        assertThat(Files.getPosixFilePermissions(hook))
                .contains(
                        PosixFilePermission.OWNER_EXECUTE,
                        PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE);
        String script = Files.readString(hook);
        assertThat(script).startsWith("#!/bin/sh\n").contains("coffer scan --staged");
        assertThat(r.out()).contains("Installed the pre-commit hook");
    }

    @Test
    void installingTwiceIsHarmlessAndRefreshesAnOlderCofferHook() throws IOException {
        GitRepo repo = GitRepo.init(tmp.resolve("twice"));
        assertThat(Cli.run("scan", "install", "--pre-commit-hook", repo.dir.toString())
                        .exit())
                .isEqualTo(0);
        Cli.Result again = Cli.run("scan", "install", "--pre-commit-hook", repo.dir.toString());
        assertThat(again.exit()).isEqualTo(0);
        assertThat(again.out()).contains("already installed");

        Path hook = repo.dir.resolve(".git/hooks/pre-commit");
        Files.writeString(hook, "#!/bin/sh\n" + InstallCommand.MARKER + "\ncoffer scan --staged --old-flag\n");
        assertThat(Cli.run("scan", "install", "--pre-commit-hook", repo.dir.toString())
                        .exit())
                .isEqualTo(0);
        assertThat(Files.readString(hook)).isEqualTo(InstallCommand.HOOK);
    }

    @Test
    void refusesToOverwriteAForeignHookWithoutForce() throws IOException {
        GitRepo repo = GitRepo.init(tmp.resolve("foreign"));
        Path hook = repo.dir.resolve(".git/hooks/pre-commit");
        Files.createDirectories(hook.getParent());
        String foreign = "#!/bin/sh\nnpm run lint\n";
        Files.writeString(hook, foreign, StandardCharsets.UTF_8);

        Cli.Result refused = Cli.run("scan", "install", "--pre-commit-hook", repo.dir.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("already exists", "--force");
        assertThat(Files.readString(hook)).isEqualTo(foreign);

        Cli.Result forced = Cli.run("scan", "install", "--pre-commit-hook", "--force", repo.dir.toString());
        assertThat(forced.exit()).as(forced.all()).isEqualTo(0);
        assertThat(Files.readString(hook)).contains("coffer scan --staged");
        assertThat(Files.isExecutable(hook)).isTrue();
        assertThat(Files.readString(repo.dir.resolve(".git/hooks/pre-commit.bak")))
                .isEqualTo(foreign);
    }

    @Test
    void theInstallCommandNeedsTheHookOptionAndARepository() throws IOException {
        GitRepo repo = GitRepo.init(tmp.resolve("options"));
        assertThat(Cli.run("scan", "install", repo.dir.toString()).exit()).isEqualTo(2);
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Cli.Result r = Cli.run("scan", "install", "--pre-commit-hook", plain.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not inside a git repository");
        assertThat(plain.resolve(".git")).doesNotExist();
    }

    @Test
    void fromASubdirectoryTheHookGoesIntoTheRepositorysGitDirectory() throws IOException {
        GitRepo repo = GitRepo.init(tmp.resolve("nested"));
        Path sub = Files.createDirectories(repo.dir.resolve("a/b"));
        assertThat(Cli.run("scan", "install", "--pre-commit-hook", sub.toString())
                        .exit())
                .isEqualTo(0);
        assertThat(repo.dir.resolve(".git/hooks/pre-commit")).exists();
    }

    @Test
    void theInstalledHookBlocksACommitThatAddsASecret() throws IOException, InterruptedException {
        GitRepo repo = GitRepo.init(tmp.resolve("blocking"));
        assertThat(Cli.run("scan", "install", "--pre-commit-hook", repo.dir.toString())
                        .exit())
                .isEqualTo(0);
        // a stand-in "coffer" on PATH that records how the hook called it and fails like a scan with findings
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fake = bin.resolve("coffer");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" > \"" + tmp.resolve("called") + "\"\nexit 1\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        repo.write("a.txt", "hello\n");
        repo.git("add", "a.txt");
        ProcessBuilder pb = new ProcessBuilder(
                        "git",
                        "-C",
                        repo.dir.toString(),
                        "-c",
                        "user.name=T",
                        "-c",
                        "user.email=t@coffer.invalid",
                        "commit",
                        "-q",
                        "-m",
                        "blocked")
                .redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isNotZero();
        assertThat(Files.readString(tmp.resolve("called")).strip()).isEqualTo("scan --staged");
    }
}
