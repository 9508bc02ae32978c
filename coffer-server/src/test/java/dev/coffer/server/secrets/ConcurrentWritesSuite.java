package dev.coffer.server.secrets;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Racing writers through the real API: hundreds of requests on 32 threads, released together, aimed at
 * one secret, one folder or overlapping batches. A race may be lost with a 400 or 409, never with a
 * 5xx; afterwards every name exists once, and a secret's versions are consecutive, with exactly one
 * version for each accepted write and none for a refused one.
 *
 * <p>Isolated: the writes of one environment take turns (its commit sequence), so hundreds of racing
 * writers queue for the database's connections; beside the other test classes on two cores the queue
 * outlasted the requests' 30 s timeout.
 */
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConcurrentWritesSuite {

    abstract Backend backend();

    private static final int THREADS = 32;

    private final AtomicInteger seq = new AtomicInteger();
    private TestServer server;
    private Api api;
    private Fixtures f;
    private String token;
    private ExecutorService pool;

    @BeforeAll
    void startServer() {
        // every version is read back, so none is pruned (the default keeps 100 per secret)
        server = TestServer.startKeeping(backend(), java.time.Clock.systemUTC(), 0);
        api = server.api();
        f = new Fixtures(api);
        token = f.admin().token();
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    void stopServer() {
        if (pool != null) pool.shutdownNow();
        if (server != null) server.close();
    }

    // ---------------------------------------------------------------- one secret

    @Test
    void ofFourHundredRacingCreatesOfOneNameExactlyOneWinsAndTheSecretExistsOnceAtVersionOne() {
        String p = project();
        List<Api.Response> answers = race(
                400,
                i -> api.post(
                        "/api/v3/secrets/raw/RACED",
                        token,
                        body("workspaceId", p, "environment", "dev", "secretPath", "/", "secretValue", "value-" + i)));

        Map<Integer, Long> statuses = statuses(answers);
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(statuses.keySet())
                    .as("statuses of 400 racing creates %s; first 5xx: %s", statuses, firstServerError(answers))
                    .isSubsetOf(200, 400, 409);
            soft.assertThat(statuses.getOrDefault(200, 0L))
                    .as("creates answered 200 of %s", statuses)
                    .isEqualTo(1);
            soft.assertThat(keys(p, "/").stream().filter("RACED"::equals).count())
                    .as("secrets named RACED")
                    .isEqualTo(1);
            soft.assertThat(secret(p, "/", "RACED", null).path("version").asLong())
                    .as("version")
                    .isEqualTo(1);
        });
    }

    @Test
    void ofSixHundredRacingUpdatesOfOneSecretEachAcceptedValueGetsExactlyOneConsecutiveVersion() {
        String p = project();
        f.secret(p, "dev", "/", "COUNTER", "initial");
        int writers = 600;
        List<Api.Response> answers = race(
                writers,
                i -> api.patch(
                        "/api/v3/secrets/raw/COUNTER",
                        token,
                        body("workspaceId", p, "environment", "dev", "secretPath", "/", "secretValue", "value-" + i)));

        Map<Integer, Long> statuses = statuses(answers);
        long accepted = statuses.getOrDefault(200, 0L);
        JsonNode current = secret(p, "/", "COUNTER", null);
        long latest = current.path("version").asLong();
        Map<Long, String> history = history(p, "COUNTER", latest);
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(statuses.keySet())
                    .as("statuses of %d racing updates %s; first 5xx: %s", writers, statuses, firstServerError(answers))
                    .isSubsetOf(200, 409);
            soft.assertThat(latest)
                    .as("version after %d accepted updates (%s)", accepted, statuses)
                    .isEqualTo(1L + accepted);
            soft.assertThat(history.get(1L)).as("version 1").isEqualTo("initial");
            Map<String, List<Long>> versionsOfValue = new HashMap<>();
            history.forEach((v, value) -> versionsOfValue
                    .computeIfAbsent(value, k -> new ArrayList<>())
                    .add(v));
            for (int i = 0; i < writers; i++) {
                String value = "value-" + i;
                List<Long> at = versionsOfValue.getOrDefault(value, List.of());
                if (answers.get(i).status() == 200) {
                    soft.assertThat(at)
                            .as("versions holding accepted %s", value)
                            .containsExactly(
                                    answers.get(i).json().at("/secret/version").asLong());
                } else {
                    soft.assertThat(at).as("versions holding refused %s", value).isEmpty();
                }
            }
            soft.assertThat(current.path("secretValue").asText())
                    .as("current value")
                    .isEqualTo(history.get(latest));
        });
    }

    // ---------------------------------------------------------------- batches and folders

    @Test
    void racingBatchCreatesThatOverlapInNamesCreateEachNameOnceAndEachBatchAllOrNothing() {
        String p = project();
        int batches = 120;
        int names = 20;
        // batch i creates three neighbouring names of a ring of twenty, so every batch overlaps others
        IntFunction<List<String>> namesOf = i -> List.of("K" + i % names, "K" + (i + 1) % names, "K" + (i + 7) % names);
        List<Api.Response> answers = race(
                batches,
                i -> api.post(
                        "/api/v3/secrets/batch/raw",
                        token,
                        body(
                                "workspaceId",
                                p,
                                "environment",
                                "dev",
                                "secretPath",
                                "/",
                                "secrets",
                                namesOf.apply(i).stream()
                                        .map(k -> body("secretKey", k, "secretValue", "batch-" + i))
                                        .toList())));

        Map<Integer, Long> statuses = statuses(answers);
        Map<String, String> expected = new TreeMap<>();
        List<String> doubleCreated = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            if (answers.get(i).status() != 200) continue;
            for (String k : namesOf.apply(i)) {
                if (expected.put(k, "batch-" + i) != null) doubleCreated.add(k);
            }
        }
        Map<String, String> listed = new TreeMap<>();
        List<String> listedKeys = new ArrayList<>();
        for (JsonNode s : list(p, "/")) {
            listedKeys.add(s.path("secretKey").asText());
            listed.put(s.path("secretKey").asText(), s.path("secretValue").asText());
        }
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(statuses.keySet())
                    .as("statuses of %d racing batches %s; first 5xx: %s", batches, statuses, firstServerError(answers))
                    .isSubsetOf(200, 400, 409);
            soft.assertThat(statuses.getOrDefault(200, 0L))
                    .as("batches accepted")
                    .isPositive();
            soft.assertThat(doubleCreated)
                    .as("names created by two accepted batches")
                    .isEmpty();
            soft.assertThat(listedKeys).as("listed names").doesNotHaveDuplicates();
            soft.assertThat(listed)
                    .as("each listed name with the value of the one batch that created it")
                    .isEqualTo(expected);
        });
    }

    @Test
    void racingUpsertsIntoAMissingNestedFolderCreateEachFolderOnceAndEachNameOnce() {
        String p = project();
        int requests = 120;
        int names = 10;
        IntFunction<List<String>> namesOf = i -> List.of("U" + i % names, "U" + (i + 3) % names);
        List<Api.Response> answers = race(
                requests,
                i -> api.patch(
                        "/api/v3/secrets/batch/raw",
                        token,
                        body(
                                "workspaceId",
                                p,
                                "environment",
                                "dev",
                                "secretPath",
                                "/a/b/c",
                                "mode",
                                "upsert",
                                "secrets",
                                namesOf.apply(i).stream()
                                        .map(k -> body("secretKey", k, "secretValue", "upsert-" + i))
                                        .toList())));

        Map<Integer, Long> statuses = statuses(answers);
        Map<String, Long> acceptedWritesOf = IntStream.range(0, requests)
                .filter(i -> answers.get(i).status() == 200)
                .boxed()
                .flatMap(i -> namesOf.apply(i).stream())
                .collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(statuses.keySet())
                    .as(
                            "statuses of %d racing upserts %s; first 5xx: %s",
                            requests, statuses, firstServerError(answers))
                    .isSubsetOf(200, 409);
            soft.assertThat(folderNames(p, "/")).as("folders at /").containsExactly("a");
            soft.assertThat(folderNames(p, "/a")).as("folders at /a").containsExactly("b");
            soft.assertThat(folderNames(p, "/a/b")).as("folders at /a/b").containsExactly("c");
            soft.assertThat(keys(p, "/a/b/c"))
                    .as("names at /a/b/c")
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(acceptedWritesOf.keySet());
            acceptedWritesOf.forEach((k, writes) -> soft.assertThat(
                            secret(p, "/a/b/c", k, null).path("version").asLong())
                    .as("version of %s after %d accepted upserts", k, writes)
                    .isEqualTo(writes));
        });
    }

    @Test
    void twoHundredRacingCreatesOfOneFolderAllGetTheSameFolderWhichExistsOnce() {
        String p = project();
        List<Api.Response> answers = race(
                200,
                i -> api.post(
                        "/api/v1/folders",
                        token,
                        body("workspaceId", p, "environment", "dev", "path", "/", "name", "shared")));

        Map<Integer, Long> statuses = statuses(answers);
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(statuses.keySet())
                    .as("statuses of 200 racing folder creates %s; first 5xx: %s", statuses, firstServerError(answers))
                    .isSubsetOf(200, 400, 409);
            soft.assertThat(answers.stream()
                            .filter(r -> r.status() == 200)
                            .map(r -> r.json().at("/folder/id").asText())
                            .distinct())
                    .as("every 200 answers the one folder")
                    .hasSize(1);
            soft.assertThat(folderNames(p, "/")).as("folders at /").containsExactly("shared");
        });
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Sends {@code n} requests from the thread pool, all released at once (as far as 32 threads allow),
     * and returns the answers in request order.
     */
    private List<Api.Response> race(int n, IntFunction<Api.Response> request) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> pending = IntStream.range(0, n)
                .mapToObj(i -> pool.submit(() -> {
                    go.await();
                    return request.apply(i);
                }))
                .toList();
        go.countDown();
        return pending.stream().map(ConcurrentWritesSuite::await).toList();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new AssertionError("a request or read failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many answers had each status, e.g. {200=1, 400=399}. */
    private static Map<Integer, Long> statuses(List<Api.Response> answers) {
        return answers.stream()
                .collect(Collectors.groupingBy(Api.Response::status, TreeMap::new, Collectors.counting()));
    }

    private static String firstServerError(List<Api.Response> answers) {
        return answers.stream()
                .filter(r -> r.status() >= 500)
                .findFirst()
                .map(Api.Response::body)
                .orElse("none");
    }

    /** Every version 1..latest of a secret at the root, read with {@code ?version=k} in parallel. */
    private Map<Long, String> history(String p, String key, long latest) {
        List<Future<JsonNode>> reads = new ArrayList<>();
        for (long v = 1; v <= latest; v++) {
            long version = v;
            reads.add(pool.submit(() -> secret(p, "/", key, version)));
        }
        Map<Long, String> history = new TreeMap<>();
        Set<Long> wrongVersion = new HashSet<>();
        for (int i = 0; i < reads.size(); i++) {
            JsonNode s = await(reads.get(i));
            if (s.path("version").asLong() != i + 1) wrongVersion.add(i + 1L);
            history.put(i + 1L, s.path("secretValue").asText());
        }
        assertThat(wrongVersion)
                .as("versions whose read answered another version")
                .isEmpty();
        return history;
    }

    private JsonNode secret(String p, String path, String key, Long version) {
        Api.Response r = api.get(
                "/api/v3/secrets/raw/" + key + "?workspaceId=" + p + "&environment=dev&secretPath=" + path
                        + (version == null ? "" : "&version=" + version),
                token);
        assertThat(r.status())
                .as("read %s%s version %s: %s", path, key, version, r.body())
                .isEqualTo(200);
        return r.json().get("secret");
    }

    private List<JsonNode> list(String p, String path) {
        Api.Response r = api.get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=" + path, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("secrets").forEach(out::add);
        return out;
    }

    private List<String> keys(String p, String path) {
        return list(p, path).stream().map(s -> s.path("secretKey").asText()).toList();
    }

    private List<String> folderNames(String p, String path) {
        Api.Response r = api.get("/api/v1/folders?workspaceId=" + p + "&environment=dev&path=" + path, token);
        assertThat(r.status()).as("folders at %s: %s", path, r.body()).isEqualTo(200);
        return r.json().get("folders").findValuesAsText("name");
    }

    private String project() {
        return f.project("race-" + seq.incrementAndGet());
    }
}
