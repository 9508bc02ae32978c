package dev.coffer.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The list body written by hand is, byte for byte, what the object mapper writes for the same records. */
class ListJsonTest {

    private static Map<String, Object> tag(String slug, String color) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", "t-" + slug);
        t.put("slug", slug);
        t.put("color", color);
        t.put("name", slug.toUpperCase());
        return t;
    }

    private static SecretRoutes.RawSecret secret(String key, String value, boolean hidden, Integer days) {
        return new SecretRoutes.RawSecret(
                "id-" + key,
                "id-" + key,
                "project",
                "dev",
                7,
                "shared",
                key,
                new SecretValue(value),
                new SecretValue("a \"quoted\"\ncomment\t\u0001"),
                days == null ? null : "rotate it",
                days,
                days == null,
                "2026-11-30T23:58:04.123Z",
                "2026-12-01T00:00:00Z",
                "/api/ci",
                hidden,
                days == null ? "[]" : "[{\"key\":\"owner\",\"value\":\"ops\",\"isEncrypted\":false}]",
                days == null ? List.of() : List.of(tag("db", "#f00"), tag("web", null)));
    }

    @Test
    void aListWithImportsIsWrittenExactlyAsTheMapperWritesIt() {
        SecretRoutes.ListBody body = new SecretRoutes.ListBody(
                List.of(
                        secret("DATABASE_URL", "postgres://u:p@h:5432/db?ssl=true", false, 30),
                        secret("HIDDEN", "<hidden-by-infisical>", true, null),
                        secret("ODD", "ünïcode ✓ \uD83D\uDD11 \u0000 \\ / </script>", false, null)),
                List.of(new SecretRoutes.ImportView(
                        "/shared", "prod", "folder-1", List.of(secret("SHARED", "s", false, 1)))));

        byte[] byHand = ListJson.write(body);

        assertThat(new String(byHand, StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.write(body), StandardCharsets.UTF_8));
        assertThat(Json.parse(byHand).at("/secrets/0/tags/1/color").isNull()).isTrue();
    }

    @Test
    void anEmptyListIsWrittenExactlyAsTheMapperWritesIt() {
        SecretRoutes.ListBody body = new SecretRoutes.ListBody(List.of(), List.of());
        assertThat(ListJson.write(body)).isEqualTo(Json.write(body)).asString().isNotEmpty();
    }
}
