package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.access.Actor;
import dev.coffer.server.audit.AuditEvent;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The request pipeline on its own, without a web server or a database: the order of its stages,
 * what each answers, and that exactly one audit event is recorded for every request.
 */
class PipelineTest {

    private static final Actor ALICE =
            new Actor(Actor.Kind.IDENTITY, "id-1", "alice", "org-1", "member", "tok-1", "10.0.0.1", "test");

    private final List<AuditEvent> events = new ArrayList<>();
    private final AtomicInteger bodyReads = new AtomicInteger();
    private final AtomicInteger handled = new AtomicInteger();
    /** How many events were recorded each time a deferred body was opened. */
    private final List<Integer> opened = new ArrayList<>();

    private final Router router = new Router()
            .get("/api/v1/whoami", req -> {
                handled.incrementAndGet();
                return Map.of("id", req.actor().id());
            })
            .post("/api/v1/echo", req -> {
                handled.incrementAndGet();
                return Map.of("name", req.body().requiredString("name"));
            })
            .get("/api/v1/forbidden", req -> {
                throw new ApiException.Forbidden("Permission denied: not for you.");
            })
            .get("/api/v1/broken", req -> {
                throw new IllegalStateException("a secret value that must not be shown");
            })
            .get(
                    "/api/v1/kept",
                    req -> new Reply(
                            200,
                            (DeferredBody) () -> {
                                opened.add(events.size());
                                return "{\"kept\":true}".getBytes(StandardCharsets.UTF_8);
                            },
                            Map.of("ETag", "\"e\"")))
            .add("GET", "/api/status", Router.Access.PUBLIC, req -> Map.of("message", "Ok"));

    private final Authenticator tokens = new Authenticator() {
        @Override
        public boolean accepts(String token) {
            return !token.startsWith("st.");
        }

        @Override
        public Actor authenticate(String token, String ip, String userAgent) {
            if (!token.equals("good")) throw new ApiException.Unauthorized("bad token");
            return ALICE;
        }
    };

    private Pipeline pipeline() {
        return new Pipeline(router, new Authentication(List.of(tokens)), events::add, 1024, new TestClock());
    }

    /** A pipeline whose audit sink cannot record anything. */
    private Pipeline failingPipeline() {
        return new Pipeline(
                router,
                new Authentication(List.of(tokens)),
                e -> {
                    throw new IllegalStateException("disk full");
                },
                1024,
                new TestClock());
    }

    private RawRequest request(String method, String path, String token, String body) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) headers.put("authorization", "Bearer " + token);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) headers.put("content-length", Integer.toString(bytes.length));
        return new RawRequest(method, path, "", headers, "10.0.0.1", limit -> {
            bodyReads.incrementAndGet();
            return bytes;
        });
    }

    private static JsonNode json(HttpReply reply) {
        return Json.parse(reply.body());
    }

    @Test
    void anAuthenticatedRouteGivesTheHandlerTheActorAndRecordsOneEvent() {
        HttpReply reply = pipeline().handle(request("GET", "/api/v1/whoami", "good", null));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(json(reply).path("id").asText()).isEqualTo("id-1");
        assertThat(events).hasSize(1);
        AuditEvent e = events.getFirst();
        assertThat(e.actorId()).isEqualTo("id-1");
        assertThat(e.actorKind()).isEqualTo("identity");
        assertThat(e.orgId()).isEqualTo("org-1");
        assertThat(e.route()).isEqualTo("GET /api/v1/whoami");
        assertThat(e.status()).isEqualTo(200);
    }

    @Test
    void withoutATokenTheAnswerIs401BeforeTheBodyIsReadOrTheHandlerRuns() {
        HttpReply reply = pipeline().handle(request("POST", "/api/v1/echo", null, "{\"name\":\"x\"}"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(json(reply).path("error").asText()).isEqualTo("UnauthorizedError");
        assertThat(bodyReads).hasValue(0);
        assertThat(handled).hasValue(0);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.actorId()).isNull();
            assertThat(e.status()).isEqualTo(401);
        });
    }

    @Test
    void eachKindOfTokenGoesToItsOwnAuthenticatorAndAnUnclaimedKindIs401() {
        HttpReply reply = pipeline().handle(request("GET", "/api/v1/whoami", "st.abc.def", null));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(handled).hasValue(0);
    }

    @Test
    void aPublicRouteNeedsNoTokenAndAPublicReadIsNotRecorded() {
        HttpReply reply = pipeline().handle(request("GET", "/api/status", null, null));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(events).as("a status check touches nothing and nobody").isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413AndTheHandlerDoesNotRun() {
        String big = "{\"name\":\"" + "x".repeat(2000) + "\"}";
        HttpReply reply = pipeline().handle(request("POST", "/api/v1/echo", "good", big));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(handled).hasValue(0);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void errorsFromTheServiceKeepTheirStatusAndMessage() {
        HttpReply reply = pipeline().handle(request("GET", "/api/v1/forbidden", "good", null));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(json(reply).path("error").asText()).isEqualTo("PermissionDenied");
        assertThat(json(reply).path("message").asText()).contains("not for you");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void anUnexpectedFailureIsAGeneric500ThatShowsNothingOfIt() {
        HttpReply reply = pipeline().handle(request("GET", "/api/v1/broken", "good", null));

        assertThat(reply.status()).isEqualTo(500);
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        assertThat(body)
                .contains("Something went wrong")
                .doesNotContain("secret value")
                .doesNotContain("IllegalState");
        assertThat(json(reply).path("reqId").asText())
                .isEqualTo(events.getFirst().requestId());
    }

    @Test
    void anUnknownRouteIs404AndIsRecordedWithABoundedPath() {
        String longPath = "/api/v9/" + "a".repeat(5000);
        HttpReply reply = pipeline().handle(request("GET", longPath, "good", null));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(events)
                .singleElement()
                .satisfies(e -> assertThat(e.route().length()).isLessThan(300));
    }

    @Test
    void whenTheAuditSinkFailsTheAnswerIsWithheld() {
        Pipeline failing = failingPipeline();

        HttpReply reply = failing.handle(request("GET", "/api/v1/whoami", "good", null));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8))
                .doesNotContain("id-1")
                .contains("audit");
    }

    @Test
    void everyRequestIsRecordedExactlyOnceWhateverItsOutcome() {
        Pipeline p = pipeline();
        p.handle(request("GET", "/api/v1/whoami", "good", null));
        p.handle(request("GET", "/api/v1/whoami", "bad", null));
        p.handle(request("GET", "/api/v1/forbidden", "good", null));
        p.handle(request("GET", "/nowhere", null, null));
        p.handle(request("POST", "/api/v1/echo", "good", "{not json"));

        assertThat(events).extracting(AuditEvent::status).containsExactly(200, 401, 403, 404, 400);
        assertThat(events).extracting(AuditEvent::requestId).doesNotHaveDuplicates();
    }

    @Test
    void aDeferredBodyIsOpenedOnlyOnceItsRequestIsRecorded() {
        HttpReply reply = pipeline().handle(request("GET", "/api/v1/kept", "good", null));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers()).containsEntry("ETag", "\"e\"");
        assertThat(json(reply).get("kept").asBoolean()).isTrue();
        assertThat(opened).containsExactly(1); // after its event, once
    }

    @Test
    void aDeferredBodyIsNeverOpenedWhenItsRequestCannotBeRecorded() {
        Pipeline failing = failingPipeline();

        HttpReply reply = failing.handle(request("GET", "/api/v1/kept", "good", null));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(opened).isEmpty();
    }
}
