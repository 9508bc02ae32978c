package dev.coffer.server.projects;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wherever the API takes an environment slug, it also takes the environment's name, ignoring case,
 * when that names one environment ({@code --env=development} finds Development, slug dev). An exact
 * slug wins; several case-insensitive matches are a 400 listing them; none is a 404 listing the
 * project's environments as {@code slug (Name)}. Answers always show the real slug.
 */
abstract class EnvironmentNamesSuite extends ProjectsApiHarness {

    private String projectWithSecret() {
        String p = f.project("Env names " + seq.incrementAndGet());
        f.secret(p, "dev", "/", "GREETING", "hello");
        return p;
    }

    @Test
    void theDefaultEnvironmentIsFoundByItsNameInAnyCaseAndBySlugInAnyCase() {
        String p = projectWithSecret();
        for (String given : List.of("development", "Development", "DEVELOPMENT", "DEV", "Dev")) {
            JsonNode v3List = ok(get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=" + given));
            assertThat(v3List.at("/secrets/0/secretValue").asText()).as(given).isEqualTo("hello");
            assertThat(v3List.at("/secrets/0/environment").asText()).as(given).isEqualTo("dev");

            JsonNode v3Get = ok(get("/api/v3/secrets/raw/GREETING?workspaceId=" + p + "&environment=" + given));
            assertThat(v3Get.at("/secret/secretValue").asText()).as(given).isEqualTo("hello");
            assertThat(v3Get.at("/secret/environment").asText()).as(given).isEqualTo("dev");

            JsonNode v4List = ok(get("/api/v4/secrets?projectId=" + p + "&environment=" + given));
            assertThat(v4List.at("/secrets/0/secretValue").asText()).as(given).isEqualTo("hello");
            assertThat(v4List.at("/secrets/0/environment").asText()).as(given).isEqualTo("dev");
        }
    }

    @Test
    void aWriteByEnvironmentNameLandsInThatEnvironment() {
        String p = projectWithSecret();
        ok(post(
                "/api/v4/secrets/WRITTEN",
                body("projectId", p, "environment", "Production", "secretPath", "/", "secretValue", "w")));
        JsonNode prod = ok(get("/api/v3/secrets/raw/WRITTEN?workspaceId=" + p + "&environment=prod"));
        assertThat(prod.at("/secret/secretValue").asText()).isEqualTo("w");
        assertThat(prod.at("/secret/environment").asText()).isEqualTo("prod");
    }

    @Test
    void anExactSlugWinsOverAnotherEnvironmentsName() {
        String p = projectWithSecret();
        // an environment named "dev" (slug local): "dev" still means the slug dev
        ok(post("/api/v1/workspace/" + p + "/environments", body("name", "dev", "slug", "local")));
        f.secret(p, "local", "/", "GREETING", "from local");
        JsonNode r = ok(get("/api/v3/secrets/raw/GREETING?workspaceId=" + p + "&environment=dev"));
        assertThat(r.at("/secret/secretValue").asText()).isEqualTo("hello");
        assertThat(r.at("/secret/environment").asText()).isEqualTo("dev");
        // and "Dev" matches the slug dev and the name dev of two environments: ambiguous
        Api.Response ambiguous = get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=Dev");
        assertThat(ambiguous.status()).as(ambiguous.body()).isEqualTo(400);
        assertThat(ambiguous.message())
                .contains("ambiguous")
                .contains("dev (Development)")
                .contains("local (dev)")
                .contains("slug");
    }

    @Test
    void twoEnvironmentsWithOneNameAreAmbiguousByNameButEachIsFoundBySlug() {
        String p = projectWithSecret();
        ok(post("/api/v1/workspace/" + p + "/environments", body("name", "Preview", "slug", "preview-a")));
        ok(post("/api/v1/workspace/" + p + "/environments", body("name", "preview", "slug", "preview-b")));
        Api.Response r = get("/api/v4/secrets?projectId=" + p + "&environment=PREVIEW");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.message()).contains("preview-a (Preview)").contains("preview-b (preview)");
        assertThat(ok(get("/api/v4/secrets?projectId=" + p + "&environment=Preview-B"))
                        .get("secrets"))
                .isEmpty();
    }

    @Test
    void anUnknownEnvironmentIsA404ListingTheProjectsEnvironmentsWithTheirNames() {
        String p = projectWithSecret();
        Api.Response r = get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=develop");
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.message())
                .contains("'develop' not found")
                .contains("dev (Development), staging (Staging), prod (Production)");
    }

    @Test
    void anEnvironmentNameWithControlCharactersIsRefused() {
        String p = projectWithSecret();
        Api.Response r = post("/api/v1/workspace/" + p + "/environments", body("name", "QA\nteam", "slug", "qa"));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.message()).contains("control characters");
        assertThat(get("/api/v4/secrets?projectId=" + p + "&environment=qa").status())
                .isEqualTo(404);
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
