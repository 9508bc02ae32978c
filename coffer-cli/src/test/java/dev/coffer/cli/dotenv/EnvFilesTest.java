package dev.coffer.cli.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.coffer.cli.dotenv.EnvFiles.Candidate;
import dev.coffer.cli.dotenv.EnvFiles.FindResult;
import dev.coffer.cli.dotenv.EnvFiles.Skipped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EnvFiles}: finding .env files in a project and proposing environment and secret path for each. */
class EnvFilesTest {

    @TempDir
    Path root;

    Path file(String relative) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "KEY=value\n");
        return p;
    }

    static String row(Candidate c, Path root) {
        return root.relativize(c.file()) + " -> " + c.environment() + " " + c.secretPath();
    }

    @Test
    void aRealisticTreeGivesSortedCandidatesWithTheirProposedMappingAndReportsTemplates() throws IOException {
        for (String f : List.of(
                ".env",
                ".env.local",
                ".env.development",
                ".env.production",
                ".env.staging",
                ".env.test",
                ".env.example",
                ".env.production.sample",
                ".env.TEMPLATE",
                "docs/.env.dist",
                ".envrc",
                "env.txt",
                "app.env",
                ".env-old",
                "README.md",
                "services/api/.env.prod",
                "services/api/.env.dev",
                "services/api/.env.stage",
                "services/my.worker/.env.Feature_X",
                "services/web/.env",
                "services/web/.env.example",
                "node_modules/pkg/.env",
                ".git/.env",
                "target/.env",
                "build/.env",
                "dist/.env.production",
                "vendor/lib/.env",
                ".venv/.env",
                "apps/deep/node_modules/x/.env",
                "apps/deep/build/.env",
                "apps/deep/.env.qa")) {
            file(f);
        }

        FindResult result = EnvFiles.find(root);

        assertThat(result.candidates())
                .extracting(c -> row(c, root))
                .containsExactly(
                        ".env -> dev /",
                        ".env.development -> dev /",
                        ".env.local -> dev /",
                        ".env.production -> prod /",
                        ".env.staging -> staging /",
                        ".env.test -> test /",
                        "apps/deep/.env.qa -> qa /apps/deep",
                        "services/api/.env.dev -> dev /services/api",
                        "services/api/.env.prod -> prod /services/api",
                        "services/api/.env.stage -> staging /services/api",
                        "services/my.worker/.env.Feature_X -> feature-x /services/my-worker",
                        "services/web/.env -> dev /services/web");
        assertThat(result.candidates())
                .allSatisfy(c -> assertThat(c.file()).startsWith(root).isRegularFile());

        assertThat(result.skipped())
                .extracting(s -> root.relativize(s.file()).toString())
                .containsExactly(
                        ".env.TEMPLATE",
                        ".env.example",
                        ".env.production.sample",
                        "docs/.env.dist",
                        "services/web/.env.example");
        assertThat(result.skipped()).allSatisfy(s -> assertThat(s.reason()).startsWith("template file"));
        assertThat(result.skipped().get(1).reason()).contains("'.example'");
        assertThat(result.skipped().get(3).reason()).contains("'.dist'");
    }

    @Test
    void aLocalOverrideGoesToTheEnvironmentItOverridesAndVaultAndKeysFilesAreSkippedWithAReason() throws IOException {
        for (String f : List.of(
                ".env",
                ".env.local",
                ".env.production",
                ".env.production.local",
                ".env.qa.local",
                ".env.vault",
                ".env.keys")) {
            file(f);
        }
        FindResult result = EnvFiles.find(root);
        assertThat(result.candidates())
                .extracting(c -> row(c, root))
                .containsExactly(
                        ".env -> dev /",
                        ".env.local -> dev /",
                        ".env.production -> prod /",
                        ".env.production.local -> prod /",
                        ".env.qa.local -> qa /");
        assertThat(result.candidates().get(3).reason()).contains("local override");
        assertThat(result.candidates().get(1).reason()).contains("local override of the default environment");
        assertThat(result.skipped())
                .extracting(s -> root.relativize(s.file()) + ": " + s.reason())
                .satisfiesExactly(
                        keys -> assertThat(keys).startsWith(".env.keys: ").contains("decryption keys"),
                        vault -> assertThat(vault).startsWith(".env.vault: ").contains("encrypted"));
        assertThat(EnvFiles.environmentForFile(Path.of(".env.production.local")))
                .isEqualTo("prod");
        assertThat(EnvFiles.environmentForFile(Path.of(".env.local"))).isEqualTo("dev");
        assertThat(EnvFiles.skipReason(".env.vault")).isNotNull();
        assertThat(EnvFiles.isLocalOverride(".env.staging.local")).isTrue();
        assertThat(EnvFiles.isLocalOverride(".env.staging")).isFalse();
    }

    @Test
    void reasonsExplainBothProposals() throws IOException {
        file(".env");
        file(".env.production");
        file("services/my.worker/.env.Feature_X");
        file("services/api/.env.qa");

        List<Candidate> c = EnvFiles.find(root).candidates();

        assertThat(c.get(0).reason())
                .contains("environment 'dev'")
                .contains("plain .env")
                .contains("secret path '/'")
                .contains("root directory");
        assertThat(c.get(1).reason())
                .contains("environment 'prod' from the suffix 'production'")
                .contains("secret path '/'");
        assertThat(c.get(2).reason())
                .contains("environment 'qa' from the suffix 'qa' (not a standard name)")
                .contains("secret path '/services/api' from the directory 'services/api'")
                .doesNotContain("replaced");
        assertThat(c.get(3).reason())
                .contains("environment 'feature-x' from the suffix 'Feature_X' (not a standard name, sanitised)")
                .contains("secret path '/services/my-worker' from the directory 'services/my.worker'")
                .contains("replaced by '-'");
    }

    @Test
    void theStandardSuffixesMapToTheFourUsualEnvironmentsWhateverTheirCase() {
        assertThat(EnvFiles.environmentFor("local")).isEqualTo("dev");
        assertThat(EnvFiles.environmentFor("development")).isEqualTo("dev");
        assertThat(EnvFiles.environmentFor("dev")).isEqualTo("dev");
        assertThat(EnvFiles.environmentFor("DEV")).isEqualTo("dev");
        assertThat(EnvFiles.environmentFor("staging")).isEqualTo("staging");
        assertThat(EnvFiles.environmentFor("stage")).isEqualTo("staging");
        assertThat(EnvFiles.environmentFor("production")).isEqualTo("prod");
        assertThat(EnvFiles.environmentFor("Production")).isEqualTo("prod");
        assertThat(EnvFiles.environmentFor("prod")).isEqualTo("prod");
        assertThat(EnvFiles.environmentFor("test")).isEqualTo("test");
    }

    @Test
    void otherSuffixesAreLowerCasedAndSanitisedToASlug() {
        assertThat(EnvFiles.environmentFor("qa")).isEqualTo("qa");
        assertThat(EnvFiles.environmentFor("UAT")).isEqualTo("uat");
        assertThat(EnvFiles.environmentFor("production.local")).isEqualTo("prod");
        assertThat(EnvFiles.environmentFor("feature_branch-2")).isEqualTo("feature-branch-2");
        assertThat(EnvFiles.environmentFor("a..b__c")).isEqualTo("a-b-c");
        assertThat(EnvFiles.environmentFor("_x_")).isEqualTo("x");
        assertThat(EnvFiles.environmentFor("ünïcode")).isEqualTo("n-code");
        assertThat(EnvFiles.environmentFor("___")).isEmpty();
        assertThat(EnvFiles.environmentFor("")).isEmpty();
    }

    @Test
    void theEnvironmentOfAFileNamedExplicitlyFollowsTheSameRules() {
        assertThat(EnvFiles.environmentForFile(Path.of(".env"))).isEqualTo("dev");
        assertThat(EnvFiles.environmentForFile(Path.of("config", ".env.production")))
                .isEqualTo("prod");
        assertThat(EnvFiles.environmentForFile(Path.of("/abs/dir/.env.Stage"))).isEqualTo("staging");
        assertThat(EnvFiles.environmentForFile(Path.of(".env.QA_1"))).isEqualTo("qa-1");
        assertThat(EnvFiles.environmentForFile(Path.of(".env.example"))).isEqualTo("example");
    }

    @Test
    void aFileNamedStemDotEnvTakesItsEnvironmentFromTheStem() {
        assertThat(EnvFiles.environmentForFile(Path.of("production.env"))).isEqualTo("prod");
        assertThat(EnvFiles.environmentForFile(Path.of("deploy", "test.env"))).isEqualTo("test");
        assertThat(EnvFiles.environmentForFile(Path.of("my_app.env"))).isEqualTo("my-app");
    }

    @Test
    void anyOtherFileNameFallsBackToDev() {
        assertThat(EnvFiles.environmentForFile(Path.of("secrets.txt"))).isEqualTo("dev");
        assertThat(EnvFiles.environmentForFile(Path.of("env"))).isEqualTo("dev");
        assertThat(EnvFiles.environmentForFile(Path.of(".envrc"))).isEqualTo("dev");
        assertThat(EnvFiles.environmentForFile(Path.of(".env.__"))).isEqualTo("dev");
        assertThat(EnvFiles.environmentForFile(Path.of("___.env"))).isEqualTo("dev");
        assertThatThrownBy(() -> EnvFiles.environmentForFile(Path.of("/")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretPathsComeFromTheDirectoryWithEachCharacterOutsideTheAllowedSetReplaced() {
        assertThat(EnvFiles.secretPathFor(null)).isEqualTo("/");
        assertThat(EnvFiles.secretPathFor(Path.of(""))).isEqualTo("/");
        assertThat(EnvFiles.secretPathFor(Path.of("services", "api"))).isEqualTo("/services/api");
        assertThat(EnvFiles.secretPathFor(Path.of("My_App-2"))).isEqualTo("/My_App-2");
        assertThat(EnvFiles.secretPathFor(Path.of("my.app", "a b", "x@y"))).isEqualTo("/my-app/a-b/x-y");
        assertThat(EnvFiles.secretPathFor(Path.of("café", "🚀x"))).isEqualTo("/caf-/-x");
    }

    @Test
    void aNameWithNothingUsableAfterTheDotIsSkippedWithAReason() throws IOException {
        file(".env.");
        file("a/.env.__");
        FindResult r = EnvFiles.find(root);
        assertThat(r.candidates()).isEmpty();
        assertThat(r.skipped())
                .extracting(s -> root.relativize(s.file()).toString())
                .containsExactly(".env.", "a/.env.__");
        assertThat(r.skipped()).allSatisfy(s -> assertThat(s.reason()).contains("no environment name"));
    }

    @Test
    void theRootIsSearchedEvenWhenItHasTheNameOfASkippedDirectory() throws IOException {
        Path build = root.resolve("build");
        Files.createDirectories(build.resolve("node_modules"));
        Files.writeString(build.resolve(".env"), "A=1");
        Files.writeString(build.resolve("node_modules/.env"), "A=1");
        assertThat(EnvFiles.find(build).candidates())
                .extracting(Candidate::file)
                .containsExactly(build.resolve(".env"));
    }

    @Test
    void directoriesNamedLikeEnvFilesAreNotCandidatesButAreSearched() throws IOException {
        file(".env/bin/activate");
        file(".env/.env.prod");
        FindResult r = EnvFiles.find(root);
        assertThat(r.candidates()).extracting(c -> row(c, root)).containsExactly(".env/.env.prod -> prod /-env");
    }

    @Test
    void symbolicLinksToDirectoriesAreNotFollowedButLinksToFilesAreFound() throws IOException {
        Path target = file("real/.env.production");
        try {
            Files.createSymbolicLink(root.resolve("loop"), root);
            Files.createSymbolicLink(root.resolve(".env"), target);
        } catch (UnsupportedOperationException | IOException e) {
            assumeThat(false).as("symbolic links not supported here").isTrue();
        }
        FindResult r = EnvFiles.find(root);
        assertThat(r.candidates())
                .extracting(c -> row(c, root))
                .containsExactly(".env -> dev /", "real/.env.production -> prod /real");
    }

    @Test
    void anUnreadableDirectoryIsReportedAsSkippedAndTheRestIsStillFound() throws IOException {
        file(".env");
        Path locked = root.resolve("locked");
        file("locked/.env");
        try {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            assumeThat(false).as("POSIX permissions not supported here").isTrue();
        }
        try {
            assumeThat(Files.isReadable(locked))
                    .as("running as a user who can read anything (root)")
                    .isFalse();
            FindResult r = EnvFiles.find(root);
            assertThat(r.candidates()).extracting(c -> row(c, root)).containsExactly(".env -> dev /");
            assertThat(r.skipped()).singleElement().satisfies(s -> {
                assertThat(s.file()).isEqualTo(locked);
                assertThat(s.reason()).contains("could not be read").contains("permissions");
            });
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void anEmptyTreeFindsNothing() {
        FindResult r = EnvFiles.find(root);
        assertThat(r.candidates()).isEmpty();
        assertThat(r.skipped()).isEmpty();
    }

    @Test
    void aRootThatIsNotADirectoryIsRefused() throws IOException {
        Path f = file(".env");
        assertThatThrownBy(() -> EnvFiles.find(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a directory");
        assertThatThrownBy(() -> EnvFiles.find(root.resolve("missing"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResultListsAreImmutable() throws IOException {
        file(".env");
        FindResult r = EnvFiles.find(root);
        assertThatThrownBy(() -> r.candidates().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.skipped().add(new Skipped(root, "x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
