package dev.coffer.server.recovery;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Point-in-time recovery through the API: hundreds of random changes across the folders of an
 * environment, rolled back to earlier times, must give back exactly the keys and values (and folders)
 * of then; folder commits list and show changes (names, values only when asked); a dry run changes
 * nothing; a role that may not make every change is refused.
 */
abstract class RecoverySuite extends ApiSuite {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-01T00:00:00Z"));

    abstract Backend backend();

    @Override
    protected TestServer newServer() {
        return TestServer.start(backend(), clock);
    }

    /** The model of the environment: folder paths, and path → key → value. */
    private static final class Model {
        final TreeSet<String> folders = new TreeSet<>(List.of("/"));
        final TreeMap<String, TreeMap<String, String>> secrets = new TreeMap<>();

        Model copy() {
            Model m = new Model();
            m.folders.addAll(folders);
            secrets.forEach((p, s) -> m.secrets.put(p, new TreeMap<>(s)));
            return m;
        }

        Map<String, String> flat() {
            Map<String, String> out = new TreeMap<>();
            secrets.forEach((p, s) -> s.forEach((k, v) -> out.put(p + " " + k, v)));
            return out;
        }
    }

    @Test
    void hundredsOfRandomChangesRolledBackToAnEarlierTimeGiveBackExactlyTheKeysAndValuesOfThen() {
        String p = f.project("Random history");
        Random random = new Random(20261130L);
        Model model = new Model();
        List<Model> snapshots = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        int ops = 300;
        for (int i = 1; i <= ops; i++) {
            randomChange(p, model, random, i);
            clock.advance(Duration.ofSeconds(1));
            if (i % 100 == 0) {
                snapshots.add(model.copy());
                times.add(clock.instant().minusMillis(500)); // after change i, before change i+1
            }
        }
        assertThat(state(p)).as("the model follows the server").isEqualTo(model.flat());

        for (int s : new int[] {0, 2, 1}) {
            Api.Response r = rollback(p, "/", body("timestamp", times.get(s).toString()));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("dryRun").asBoolean()).isFalse();
            Model then = snapshots.get(s);
            Map<String, String> now = state(p);
            assertThat(now.keySet())
                    .as("keys after rolling back to %s", times.get(s))
                    .isEqualTo(then.flat().keySet());
            for (var e : then.flat().entrySet()) {
                assertThat(now.get(e.getKey())).as("value of %s", e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(folders(p)).as("folders").isEqualTo(then.folders);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aFolderIsRolledBackAloneAndTheRollbackIsACommitThatCanBeUndone() {
        String p = f.project("One folder");
        f.folder(p, "dev", "/", "api");
        f.secret(p, "dev", "/api", "A", "apple-1");
        f.secret(p, "dev", "/", "ROOT", "root-1");
        clock.advance(Duration.ofSeconds(10));
        Instant before = clock.instant();
        clock.advance(Duration.ofSeconds(10));
        update(p, "/api", "A", "apple-2");
        f.secret(p, "dev", "/api", "B", "berry-1");
        update(p, "/", "ROOT", "root-2");
        clock.advance(Duration.ofSeconds(10));

        Api.Response dry = rollback(p, "/api", body("timestamp", before.toString(), "dryRun", true));
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
        assertThat(dry.json().get("changes").findValuesAsText("type")).containsExactly("changed", "removed");
        assertThat(dry.body())
                .as("names only unless asked")
                .doesNotContain("apple-1")
                .doesNotContain("apple-2");
        assertThat(state(p)).containsEntry("/api A", "apple-2");

        Instant beforeRollback = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        Api.Response r = rollback(p, "/api", body("timestamp", before.toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(state(p)).isEqualTo(Map.of("/api A", "apple-1", "/ ROOT", "root-2"));

        String commitId = r.json().at("/commit/id").asText();
        Api.Response listed = get("/api/v1/folder-commits?projectId=" + p + "&environment=dev&path=/api");
        assertThat(listed.json().get("commits").get(0).get("id").asText()).isEqualTo(commitId);
        Api.Response shown = get("/api/v1/folder-commits/" + commitId);
        assertThat(shown.json().get("changes").findValuesAsText("secretKey")).containsExactly("A", "B");
        assertThat(shown.body()).doesNotContain("apple-1");
        Api.Response withValues = get("/api/v1/folder-commits/" + commitId + "?viewSecretValue=true");
        assertThat(withValues.json().at("/changes/0/previousValue").asText()).isEqualTo("apple-2");
        assertThat(withValues.json().at("/changes/0/secretValue").asText()).isEqualTo("apple-1");

        clock.advance(Duration.ofSeconds(1));
        Api.Response undo = rollback(p, "/", body("timestamp", beforeRollback.toString()));
        assertThat(undo.status()).as(undo.body()).isEqualTo(200);
        assertThat(state(p)).isEqualTo(Map.of("/api A", "apple-2", "/api B", "berry-1", "/ ROOT", "root-2"));
    }

    @Test
    void aRoleThatMayNotMakeEveryChangeIsRefusedAndNothingChanges() {
        String p = f.project("Refused rollback");
        Instant empty = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        f.secret(p, "dev", "/", "KEEP", "k");
        Fixtures.Machine viewer = f.machine("pitr-viewer", "member");
        f.member(p, viewer.id(), "viewer");
        Api.Response r = api.post(
                "/api/v1/folder-commits/rollback",
                viewer.token(),
                body("projectId", p, "environment", "dev", "path", "/", "timestamp", empty.toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.message()).contains("deleting");
        assertThat(state(p)).containsEntry("/ KEEP", "k");
        Api.Response outsider = api.get(
                "/api/v1/folder-commits?projectId=" + p + "&environment=dev&path=/",
                f.machine("pitr-outsider", "member").token());
        assertThat(outsider.status()).isIn(403, 404);
    }

    // ---------------------------------------------------------------- random changes

    private void randomChange(String p, Model m, Random random, int i) {
        List<String> folders = new ArrayList<>(m.folders);
        String folder = folders.get(random.nextInt(folders.size()));
        TreeMap<String, String> here = m.secrets.computeIfAbsent(folder, k -> new TreeMap<>());
        int op = random.nextInt(100);
        String key = "K" + random.nextInt(12);
        if (op < 35 || here.isEmpty()) {
            String value = "v" + i + "-" + random.nextInt(1000);
            boolean exists = here.containsKey(key);
            Api.Response r = exists
                    ? patch("/api/v3/secrets/raw/" + key, loc(p, folder, "secretValue", value))
                    : post("/api/v3/secrets/raw/" + key, loc(p, folder, "secretValue", value));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            here.put(key, value);
        } else if (op < 55) {
            String existing = pick(here, random);
            String value = "u" + i;
            assertThat(patch("/api/v3/secrets/raw/" + existing, loc(p, folder, "secretValue", value))
                            .status())
                    .isEqualTo(200);
            here.put(existing, value);
        } else if (op < 67) {
            String existing = pick(here, random);
            if (here.containsKey(key)) return;
            assertThat(patch("/api/v3/secrets/raw/" + existing, loc(p, folder, "newSecretName", key))
                            .status())
                    .isEqualTo(200);
            here.put(key, here.remove(existing));
        } else if (op < 82) {
            String existing = pick(here, random);
            assertThat(delete("/api/v3/secrets/raw/" + existing, loc(p, folder)).status())
                    .isEqualTo(200);
            here.remove(existing);
        } else if (op < 93) {
            if (folder.chars().filter(c -> c == '/').count() >= 3) return;
            String name = "f" + random.nextInt(4);
            String child = folder.equals("/") ? "/" + name : folder + "/" + name;
            f.folder(p, "dev", folder, name);
            m.folders.add(child);
        } else {
            if (folder.equals("/")) return;
            Api.Response r = delete(
                    "/api/v1/folders/" + folder.substring(folder.lastIndexOf('/') + 1),
                    body("workspaceId", p, "environment", "dev", "path", parent(folder)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            m.folders.removeIf(x -> x.equals(folder) || x.startsWith(folder + "/"));
            m.secrets.keySet().removeIf(x -> x.equals(folder) || x.startsWith(folder + "/"));
        }
    }

    private static String pick(TreeMap<String, String> here, Random random) {
        List<String> keys = new ArrayList<>(here.keySet());
        return keys.get(random.nextInt(keys.size()));
    }

    private static String parent(String folder) {
        int at = folder.lastIndexOf('/');
        return at == 0 ? "/" : folder.substring(0, at);
    }

    private static Map<String, Object> loc(String p, String path, Object... more) {
        Map<String, Object> b = body("workspaceId", p, "environment", "dev", "secretPath", path);
        b.putAll(body(more));
        return b;
    }

    // ---------------------------------------------------------------- helpers

    private void update(String p, String path, String key, String value) {
        assertThat(patch("/api/v3/secrets/raw/" + key, loc(p, path, "secretValue", value))
                        .status())
                .isEqualTo(200);
    }

    private Api.Response rollback(String p, String path, Map<String, Object> more) {
        Map<String, Object> b = body("projectId", p, "environment", "dev", "path", path);
        b.putAll(more);
        return post("/api/v1/folder-commits/rollback", b);
    }

    /** Every secret of the environment as "path key" → value. */
    private Map<String, String> state(String p) {
        Api.Response r = get("/api/v3/secrets/raw?workspaceId=" + p
                + "&environment=dev&secretPath=/&recursive=true&expandSecretReferences=false");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, String> out = new TreeMap<>();
        for (JsonNode s : r.json().get("secrets")) {
            out.put(
                    s.get("secretPath").asText() + " " + s.get("secretKey").asText(),
                    s.get("secretValue").asText());
        }
        return out;
    }

    private TreeSet<String> folders(String p) {
        Api.Response r = get("/api/v1/folders?workspaceId=" + p + "&environment=dev&path=/&recursive=true");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        TreeSet<String> out = new TreeSet<>(List.of("/"));
        for (JsonNode fo : r.json().get("folders"))
            out.add(fo.get("relativePath").asText());
        return out;
    }
}
