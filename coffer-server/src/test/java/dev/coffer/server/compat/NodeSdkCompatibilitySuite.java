package dev.coffer.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs Infisical's official Node SDK ({@code @infisical/sdk}, pinned in src/test/node/package.json,
 * installed from npm into target/) unmodified against a real Coffer server: login, folders, secrets
 * CRUD, recursive listing, reference flags, errors. Fails when any step of the scenario fails.
 */
abstract class NodeSdkCompatibilitySuite {

    abstract Backend backend();

    @Test
    void theOfficialNodeSdkRunsItsWholeScenarioAgainstCoffer() throws Exception {
        Path dir = installedSdk();
        try (TestServer server = TestServer.start(backend())) {
            Fixtures f = new Fixtures(server.api());
            String project = f.project("Node SDK");
            Fixtures.Machine app = f.machine("node-app", "no-access");
            f.member(project, app.id(), "member");

            ProcessBuilder pb = new ProcessBuilder("node", "sdk-scenario.mjs")
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("COFFER_URL", server.baseUrl());
            pb.environment().put("COFFER_CLIENT_ID", app.clientId());
            pb.environment().put("COFFER_CLIENT_SECRET", app.clientSecret());
            pb.environment().put("COFFER_PROJECT_ID", project);
            Process p = pb.start();
            boolean done = p.waitFor(3, TimeUnit.MINUTES);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) p.destroyForcibly();
            assertThat(done)
                    .as("scenario finished in time; output:%n%s", output)
                    .isTrue();
            assertThat(p.exitValue())
                    .as("scenario exit code; output:%n%s", output)
                    .isZero();
            assertThat(output).contains("SCENARIO OK").doesNotContain("SCENARIO FAILED");
        }
    }

    /** Copies the scenario into target/ and installs the pinned SDK from npm once per build. */
    static synchronized Path installedSdk() throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("coffer.node.dir", "src/test/node"));
        Path dir = Path.of("target", "node-compat").toAbsolutePath();
        Files.createDirectories(dir);
        for (String file : List.of("package.json", "sdk-scenario.mjs")) {
            Files.copy(source.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/@infisical/sdk"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            boolean done = npm.waitFor(5, TimeUnit.MINUTES);
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done && npm.exitValue() == 0)
                    .as("npm install of @infisical/sdk:%n%s", out)
                    .isTrue();
        }
        return dir;
    }
}
