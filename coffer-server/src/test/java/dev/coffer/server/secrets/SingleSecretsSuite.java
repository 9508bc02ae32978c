package dev.coffer.server.secrets;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The single-secret routes over real HTTP, as Infisical's clients call them: v3 raw create, read,
 * update, rename and delete with every field of the answer, versions, v4 paths and project slugs, and
 * the names they refuse without writing anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SingleSecretsSuite extends SecretsApiHarness {

    // ---------------------------------------------------------------- single secrets, v3 raw

    @Test
    void aCreatedSecretHasEveryRawSecretFieldInCreateGetAndListAnswers() {
        String p = project();
        Api.Response created = post(
                "/api/v3/secrets/raw/DB_URL",
                body("workspaceId", p, "environment", "dev", "secretPath", "/", "secretValue", "postgres://db"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode s = created.json().get("secret");
        assertEveryField(s);
        assertThat(s.get("id").asText()).isNotBlank().isEqualTo(s.get("_id").asText());
        assertThat(s.get("workspace").asText()).isEqualTo(p);
        assertThat(s.get("environment").asText()).isEqualTo("dev");
        assertThat(s.get("version").isNumber()).isTrue();
        assertThat(s.get("version").asLong()).isEqualTo(1);
        assertThat(s.get("type").asText()).isEqualTo("shared");
        assertThat(s.get("secretKey").asText()).isEqualTo("DB_URL");
        assertThat(s.get("secretValue").asText()).isEqualTo("postgres://db");
        assertThat(s.get("secretComment").isTextual())
                .as("secretComment is a string, not null")
                .isTrue();
        assertThat(s.get("secretComment").asText()).isEmpty();
        assertThat(s.get("skipMultilineEncoding").isBoolean()).isTrue();
        assertThat(s.get("secretPath").asText()).isEqualTo("/");
        assertThat(s.get("secretValueHidden").isBoolean()).isTrue();
        assertThat(s.get("secretValueHidden").asBoolean()).isFalse();
        assertThat(s.get("secretMetadata").isArray()).isTrue();
        assertThat(s.get("tags").isArray()).isTrue();
        assertThat(s.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(s.get("updatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        Api.Response got = get("/api/v3/secrets/raw/DB_URL?workspaceId=" + p + "&environment=dev&secretPath=/");
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertEveryField(got.json().get("secret"));
        assertThat(got.json().at("/secret/id").asText()).isEqualTo(s.get("id").asText());

        Api.Response list = get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("secrets")).hasSize(1);
        assertEveryField(list.json().get("secrets").get(0));
        assertThat(list.json().get("imports").isArray()).isTrue();
    }

    @Test
    void valuesKeepTheirTrailingNewlineAndUnicodeThroughCreateGetAndList() {
        String p = project();
        String pem = "-----BEGIN KEY-----\nabc\n-----END KEY-----\n";
        String unicode = "héllo wörld ✓ 日本語 🔑\t";
        f.secret(p, "dev", "/", "PEM", pem);
        f.secret(p, "dev", "/", "UNICODE", unicode);

        assertThat(get("/api/v3/secrets/raw/PEM?workspaceId=" + p + "&environment=dev")
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo(pem);
        assertThat(get("/api/v3/secrets/raw/UNICODE?workspaceId=" + p + "&environment=dev")
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo(unicode);
        Map<String, String> listed = values(
                get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev").json());
        assertThat(listed).containsEntry("PEM", pem).containsEntry("UNICODE", unicode);
    }

    @Test
    void anUpdateMakesVersionTwoAndVersionOneStillReadsTheOldValue() {
        String p = project();
        f.secret(p, "dev", "/", "TOKEN", "old-value");
        Api.Response upd = patch(
                "/api/v3/secrets/raw/TOKEN",
                body("workspaceId", p, "environment", "dev", "secretPath", "/", "secretValue", "new-value"));
        assertThat(upd.status()).as(upd.body()).isEqualTo(200);
        assertThat(upd.json().at("/secret/version").asLong()).isEqualTo(2);
        assertThat(upd.json().at("/secret/secretValue").asText()).isEqualTo("new-value");

        Api.Response current = get("/api/v3/secrets/raw/TOKEN?workspaceId=" + p + "&environment=dev");
        assertThat(current.json().at("/secret/secretValue").asText()).isEqualTo("new-value");
        assertThat(current.json().at("/secret/version").asLong()).isEqualTo(2);

        Api.Response v1 = get("/api/v3/secrets/raw/TOKEN?workspaceId=" + p + "&environment=dev&version=1");
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        assertThat(v1.json().at("/secret/secretValue").asText()).isEqualTo("old-value");
        assertThat(v1.json().at("/secret/version").asLong()).isEqualTo(1);

        Api.Response v2 = get("/api/v3/secrets/raw/TOKEN?workspaceId=" + p + "&environment=dev&version=2");
        assertThat(v2.json().at("/secret/secretValue").asText()).isEqualTo("new-value");
    }

    @Test
    void anUpdateWithoutSecretCommentKeepsTheComment() {
        String p = project();
        f.secret(p, "dev", "/", "KEEP", "v1"); // the fixture sets the comment "comment of KEEP"
        Api.Response upd =
                patch("/api/v3/secrets/raw/KEEP", body("workspaceId", p, "environment", "dev", "secretValue", "v2"));
        assertThat(upd.status()).as(upd.body()).isEqualTo(200);
        assertThat(upd.json().at("/secret/secretComment").asText()).isEqualTo("comment of KEEP");
        Api.Response got = get("/api/v3/secrets/raw/KEEP?workspaceId=" + p + "&environment=dev");
        assertThat(got.json().at("/secret/secretComment").asText()).isEqualTo("comment of KEEP");
        assertThat(got.json().at("/secret/secretValue").asText()).isEqualTo("v2");

        Api.Response commentOnly = patch(
                "/api/v3/secrets/raw/KEEP",
                body("workspaceId", p, "environment", "dev", "secretComment", "new comment"));
        assertThat(commentOnly.status()).as(commentOnly.body()).isEqualTo(200);
        Api.Response after = get("/api/v3/secrets/raw/KEEP?workspaceId=" + p + "&environment=dev");
        assertThat(after.json().at("/secret/secretComment").asText()).isEqualTo("new comment");
        assertThat(after.json().at("/secret/secretValue").asText())
                .as("a comment-only update keeps the value")
                .isEqualTo("v2");
    }

    @Test
    void patchWithNewSecretNameRenamesTheSecret() {
        String p = project();
        f.secret(p, "dev", "/", "OLD_NAME", "renamed-value");
        Api.Response upd = patch(
                "/api/v3/secrets/raw/OLD_NAME",
                body("workspaceId", p, "environment", "dev", "secretPath", "/", "newSecretName", "NEW_NAME"));
        assertThat(upd.status()).as(upd.body()).isEqualTo(200);
        assertThat(upd.json().at("/secret/secretKey").asText()).isEqualTo("NEW_NAME");
        assertThat(upd.json().at("/secret/secretValue").asText()).isEqualTo("renamed-value");

        assertThat(get("/api/v3/secrets/raw/OLD_NAME?workspaceId=" + p + "&environment=dev")
                        .status())
                .isEqualTo(404);
        Api.Response got = get("/api/v3/secrets/raw/NEW_NAME?workspaceId=" + p + "&environment=dev");
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(got.json().at("/secret/secretValue").asText()).isEqualTo("renamed-value");
        assertThat(f.keys(token, p, "dev", "/")).containsExactly("NEW_NAME");
    }

    @Test
    void renamingOntoAnExistingNameIsRejectedAndChangesNothing() {
        String p = project();
        f.secret(p, "dev", "/", "FIRST", "one");
        f.secret(p, "dev", "/", "SECOND", "two");
        Api.Response upd = patch(
                "/api/v3/secrets/raw/FIRST",
                body("workspaceId", p, "environment", "dev", "newSecretName", "SECOND", "secretValue", "changed"));
        assertThat(upd.status()).as(upd.body()).isEqualTo(400);
        assertThat(values(list(p, "dev", "/")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("FIRST", "one", "SECOND", "two"));
    }

    @Test
    void deletingASecretReturnsItAndRemovesIt() {
        String p = project();
        f.secret(p, "dev", "/", "GONE", "bye");
        f.secret(p, "dev", "/", "STAYS", "hi");
        Api.Response del =
                delete("/api/v3/secrets/raw/GONE", body("workspaceId", p, "environment", "dev", "secretPath", "/"));
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        assertThat(del.json().at("/secret/secretKey").asText()).isEqualTo("GONE");
        assertThat(del.json().at("/secret/secretValue").asText()).isEqualTo("bye");
        assertEveryField(del.json().get("secret"));
        assertThat(f.keys(token, p, "dev", "/")).containsExactly("STAYS");
        assertThat(get("/api/v3/secrets/raw/GONE?workspaceId=" + p + "&environment=dev")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aMissingSecretIs404WithNotFoundAndTheNameInTheMessage() {
        String p = project();
        for (Api.Response r : List.of(
                get("/api/v3/secrets/raw/NO_SUCH_SECRET?workspaceId=" + p + "&environment=dev"),
                patch(
                        "/api/v3/secrets/raw/NO_SUCH_SECRET",
                        body("workspaceId", p, "environment", "dev", "secretValue", "x")),
                delete("/api/v3/secrets/raw/NO_SUCH_SECRET", body("workspaceId", p, "environment", "dev")))) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.json().get("error").asText()).isEqualTo("NotFound");
            assertThat(r.message()).containsIgnoringCase("not found").contains("NO_SUCH_SECRET");
        }
        assertThat(f.keys(token, p, "dev", "/"))
                .as("the PATCH did not create it")
                .isEmpty();
    }

    @Test
    void creatingASecretInAFolderThatDoesNotExistIs404AndCreatesNoFolder() {
        String p = project();
        Api.Response r = post(
                "/api/v3/secrets/raw/ORPHAN",
                body("workspaceId", p, "environment", "dev", "secretPath", "/nowhere/deeper", "secretValue", "x"));
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.message()).contains("/nowhere/deeper");
        Api.Response folders = get("/api/v1/folders?workspaceId=" + p + "&environment=dev&recursive=true");
        assertThat(folders.status()).as(folders.body()).isEqualTo(200);
        assertThat(folders.json().get("folders")).isEmpty();
        assertThat(list(p, "dev", "/").get("secrets")).isEmpty();
    }

    @Test
    void creatingASecretThatAlreadyExistsIs400AndKeepsTheOriginal() {
        String p = project();
        f.secret(p, "dev", "/", "TAKEN", "original");
        Api.Response r =
                post("/api/v3/secrets/raw/TAKEN", body("workspaceId", p, "environment", "dev", "secretValue", "other"));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.message()).contains("TAKEN");
        Api.Response got = get("/api/v3/secrets/raw/TAKEN?workspaceId=" + p + "&environment=dev");
        assertThat(got.json().at("/secret/secretValue").asText()).isEqualTo("original");
        assertThat(got.json().at("/secret/version").asLong()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- v4 and slugs

    @Test
    void v4PathsWithProjectIdReadAndWriteTheSameSecrets() {
        String p = project();
        Api.Response created = post(
                "/api/v4/secrets/V4_KEY",
                body("projectId", p, "environment", "dev", "secretPath", "/", "secretValue", "v4-value"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertEveryField(created.json().get("secret"));

        Api.Response list = get("/api/v4/secrets?projectId=" + p + "&environment=dev&secretPath=/");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(values(list.json())).containsExactlyEntriesOf(Map.of("V4_KEY", "v4-value"));

        Api.Response one = get("/api/v4/secrets/V4_KEY?projectId=" + p + "&environment=dev&secretPath=/");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().at("/secret/secretValue").asText()).isEqualTo("v4-value");

        Api.Response upd =
                patch("/api/v4/secrets/V4_KEY", body("projectId", p, "environment", "dev", "secretValue", "v4-new"));
        assertThat(upd.status()).as(upd.body()).isEqualTo(200);
        assertThat(get("/api/v3/secrets/raw/V4_KEY?workspaceId=" + p + "&environment=dev")
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .as("v3 sees v4's write")
                .isEqualTo("v4-new");

        Api.Response del = delete("/api/v4/secrets/V4_KEY", body("projectId", p, "environment", "dev"));
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        assertThat(f.keys(token, p, "dev", "/")).isEmpty();
    }

    @Test
    void workspaceSlugWorksInsteadOfWorkspaceId() {
        String name = "Slugged " + seq.incrementAndGet();
        Api.Response created = post("/api/v2/workspace", body("projectName", name, "slug", "slugged-" + seq.get()));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.json().at("/project/id").asText();
        String slug = created.json().at("/project/slug").asText();
        f.secret(id, "dev", "/", "BY_SLUG", "s");

        Api.Response list = get("/api/v3/secrets/raw?workspaceSlug=" + slug + "&environment=dev&secretPath=/");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(values(list.json())).containsExactlyEntriesOf(Map.of("BY_SLUG", "s"));

        Api.Response one = get("/api/v3/secrets/raw/BY_SLUG?workspaceSlug=" + slug + "&environment=dev");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().at("/secret/workspace").asText()).isEqualTo(id);

        Api.Response viaSlug = post(
                "/api/v3/secrets/raw/WRITTEN_BY_SLUG",
                body("projectSlug", slug, "environment", "dev", "secretValue", "w"));
        assertThat(viaSlug.status()).as(viaSlug.body()).isEqualTo(200);
        assertThat(f.keys(token, id, "dev", "/")).containsExactlyInAnyOrder("BY_SLUG", "WRITTEN_BY_SLUG");
    }

    // ---------------------------------------------------------------- bad names

    @Test
    void secretNamesWithColonSlashSurroundingSpacesOrNewlineOrThatAreDotsAre400AndWriteNothing() {
        String p = project();
        // "." and ".." could never be named in a URL: clients resolve them as path steps
        List<String> bad = List.of("A:B", "A/B", " LEADING", "TRAILING ", "NEW\nLINE", "TAB\tBED", "", ".", "..");
        for (String name : bad) {
            Api.Response batch = post(
                    "/api/v3/secrets/batch/raw",
                    body(
                            "workspaceId",
                            p,
                            "environment",
                            "dev",
                            "secretPath",
                            "/",
                            "secrets",
                            List.of(item("GOOD_NEIGHBOUR", "g"), item(name, "x"))));
            assertThat(batch.status())
                    .as("batch with name [%s]: %s", name, batch.body())
                    .isEqualTo(400);
            assertThat(batch.json().get("error").asText()).isEqualTo("BadRequest");
        }
        // the same names in the URL path of the single-secret routes (except '/', which cannot be a segment)
        for (String name : List.of("A:B", " LEADING", "TRAILING ", "NEW\nLINE")) {
            String seg = pathSegment(name);
            Api.Response create = post(
                    "/api/v3/secrets/raw/" + seg, body("workspaceId", p, "environment", "dev", "secretValue", "x"));
            assertThat(create.status())
                    .as("create [%s]: %s", name, create.body())
                    .isEqualTo(400);
        }
        Api.Response badNewName = post(
                "/api/v3/secrets/raw/FINE",
                body("workspaceId", p, "environment", "dev", "secretValue", "x", "newSecretName", "NOT FINE"));
        assertThat(badNewName.status()).as(badNewName.body()).isEqualTo(400);
        assertThat(f.keys(token, p, "dev", "/")).isEmpty();

        f.secret(p, "dev", "/", "FINE", "x");
        for (String name : List.of("BAD:NAME", "BAD/NAME", " BAD", "BAD\n", "..")) {
            Api.Response rename = patch(
                    "/api/v3/secrets/raw/FINE", body("workspaceId", p, "environment", "dev", "newSecretName", name));
            assertThat(rename.status())
                    .as("rename to [%s]: %s", name, rename.body())
                    .isEqualTo(400);
        }
        assertThat(f.keys(token, p, "dev", "/")).containsExactly("FINE");
        assertThat(get("/api/v3/secrets/raw/FINE?workspaceId=" + p + "&environment=dev")
                        .json()
                        .at("/secret/version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void aUrlEncodedSlashInTheNameSegmentIs400OnEveryMethod() {
        String p = project();
        f.folder(p, "dev", "/", "A");
        f.secret(p, "dev", "/A", "B", "inside-folder-a");
        Api.Response create =
                post("/api/v3/secrets/raw/A%2FB", body("workspaceId", p, "environment", "dev", "secretValue", "x"));
        assertThat(create.status()).as(create.body()).isEqualTo(400);
        Api.Response read = get("/api/v3/secrets/raw/A%2FB?workspaceId=" + p + "&environment=dev");
        assertThat(read.status()).as(read.body()).isEqualTo(400);
        assertThat(read.body()).doesNotContain("inside-folder-a");
        Api.Response lower = get("/api/v3/secrets/raw/A%2fB?workspaceId=" + p + "&environment=dev");
        assertThat(lower.status()).as(lower.body()).isEqualTo(400);
        Api.Response v4 = get("/api/v4/secrets/A%2FB?projectId=" + p + "&environment=dev");
        assertThat(v4.status()).as(v4.body()).isEqualTo(400);
        Api.Response update =
                patch("/api/v3/secrets/raw/A%2FB", body("workspaceId", p, "environment", "dev", "secretValue", "y"));
        assertThat(update.status()).as(update.body()).isEqualTo(400);
        Api.Response del = delete("/api/v3/secrets/raw/A%2FB", body("workspaceId", p, "environment", "dev"));
        assertThat(del.status()).as(del.body()).isEqualTo(400);
        assertThat(list(p, "dev", "/").get("secrets")).isEmpty();
        assertThat(values(list(p, "dev", "/A"))).containsExactlyEntriesOf(Map.of("B", "inside-folder-a"));
    }

    @Test
    void aNulCharacterInTheReminderNoteIs422AndWritesNothing() {
        String p = project();
        Api.Response r = api.send(
                "POST",
                "/api/v3/secrets/raw/NOTED",
                token,
                body("workspaceId", p, "environment", "dev", "secretValue", "v", "secretReminderNote", "note\u0000"),
                Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().get("details").findValuesAsText("path")).contains("secretReminderNote");
        assertThat(f.keys(token, p, "dev", "/")).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
