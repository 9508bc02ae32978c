package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before promoting dev to staging a team checks what differs (names and versions, never values), sees
 * the plan, then writes it in one batch.
 */
class DiffAndPromoteTest {

    @TempDir
    Path home;

    private TestServer server;
    private Fixtures f;
    private String project;
    private CliProcess cli;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        f = new Fixtures(server.api());
        project = f.project("promote");
        f.folder(project, "dev", "/", "api");
        f.folder(project, "staging", "/", "api");
        f.secret(project, "dev", "/api", "SAME", "v");
        f.secret(project, "staging", "/api", "SAME", "v");
        f.secret(project, "dev", "/api", "TIMEOUT", "30");
        f.secret(project, "staging", "/api", "TIMEOUT", "10");
        f.secret(project, "dev", "/api", "NEW_FLAG", "on");
        cli = new CliProcess(home)
                .env("COFFER_API_URL", server.baseUrl())
                .env("COFFER_TOKEN", f.admin().token())
                .env("COFFER_PROJECT_ID", project)
                .env("COFFER_PATH", "/api");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void diffShowsWhereKeysAreAndWhatDiffersWithoutValues() {
        CliProcess.Result r = cli.run("diff", "dev", "staging");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout())
                .contains("KEY")
                .containsPattern("NEW_FLAG +v1 +- +missing in staging")
                .containsPattern("SAME +v1 +v1 +same")
                .containsPattern("TIMEOUT +v1 +v1 +differs")
                .doesNotContain("30")
                .doesNotContain("on\n");
        assertThat(cli.run("diff", "dev", "staging", "--exit-code").exitCode()).isEqualTo(1);
        assertThat(cli.run("diff", "dev").exitCode()).isEqualTo(2);
    }

    @Test
    void promoteShowsThePlanFirstAndWritesOnlyWithYes() {
        CliProcess.Result plan = cli.run("promote", "dev", "staging");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.stdout())
                .containsPattern("NEW_FLAG +create")
                .containsPattern("SAME +unchanged")
                .containsPattern("TIMEOUT +skip");
        assertThat(plan.stderr()).contains("dry run").contains("--yes");
        assertThat(f.keys(f.admin().token(), project, "staging", "/api")).doesNotContain("NEW_FLAG");

        CliProcess.Result done = cli.run("promote", "dev", "staging", "--overwrite", "--yes");
        assertThat(done.exitCode()).as(done.all()).isZero();
        assertThat(done.stderr()).contains("wrote 2 key(s)");
        CliProcess.Result after = cli.run("diff", "dev", "staging", "--exit-code");
        assertThat(after.exitCode()).as(after.all()).isZero();

        CliProcess.Result unknown = cli.run("promote", "dev", "staging", "--keys", "NOPE");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("'NOPE' is not in /api of dev");
    }
}
