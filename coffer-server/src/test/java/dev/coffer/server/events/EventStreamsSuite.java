package dev.coffer.server.events;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How change-event streams are bounded, against a real server: bodies are checked before any stream
 * starts (400 saying what to fix, after the caller is authorized in the project); one caller holds at
 * most five streams per project (429); idle streams send heartbeats; a revoked token or a removed
 * membership ends the stream within a heartbeat; stopping the server ends its streams.
 */
abstract class EventStreamsSuite extends EventsHarness {

    @Test
    void badBodiesAre400SayingWhatToFixBeforeAnyStreamStarts() {
        String p = project();
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) eleven.add(on("secret:update"));
        List<Object> bodies = List.of(
                body("register", List.of(on("secret:update"))),
                body("projectId", p),
                body("projectId", p, "register", List.of()),
                body("projectId", p, "register", eleven),
                body("projectId", p, "register", List.of(on("secret:rename"))),
                body("projectId", p, "register", List.of(on("secret:update", null, "ci/**"))),
                body("projectId", p, "register", List.of(on("secret:update", null, "/a/../b"))),
                body("projectId", p, "register", List.of(on("secret:update", null, "/{a"))),
                body("projectId", p, "register", List.of(on("secret:update", "nope", null))));
        for (Object b : bodies) {
            try (SseStream s = SseStream.open(server.baseUrl(), token, b)) {
                assertThat(s.status()).as("%s", b).isEqualTo(400);
                assertThat(s.error().path("message").asText()).as("%s", b).isNotBlank();
            }
        }
    }

    @Test
    void aStrangerToTheProjectIsRefusedBeforeTheBodyIsChecked() {
        String p = project();
        Fixtures.Machine m = f.machine("stranger-" + SEQ.incrementAndGet(), "member");
        try (SseStream s = SseStream.open(server.baseUrl(), m.token(), body("projectId", p))) {
            assertThat(s.status()).isEqualTo(403);
        }
    }

    @Test
    void theSixthStreamOfOneCallerOnOneProjectIs429UntilAnotherCloses() throws Exception {
        String p = project();
        Fixtures.Machine m = f.machine("greedy-" + SEQ.incrementAndGet(), "member");
        f.member(p, m.id(), "viewer");
        List<SseStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SseStream s = subscribe(m.token(), p, on("secret:update"));
                assertThat(s.status()).isEqualTo(200);
                open.add(s);
            }
            try (SseStream sixth = subscribe(m.token(), p, on("secret:update"))) {
                assertThat(sixth.status()).isEqualTo(429);
                assertThat(sixth.error().path("message").asText()).contains("close");
            }
            open.removeFirst().close();
            SseStream again = null;
            for (long until = System.nanoTime() + 5_000_000_000L; System.nanoTime() < until; Thread.sleep(50)) {
                again = subscribe(m.token(), p, on("secret:update"));
                if (again.status() == 200) break;
                again.close();
            }
            assertThat(again).isNotNull();
            assertThat(again.status())
                    .as("a stream can open once another has closed")
                    .isEqualTo(200);
            open.add(again);
        } finally {
            open.forEach(SseStream::close);
        }
    }

    @Test
    void anIdleStreamSendsHeartbeats() throws Exception {
        String p = project();
        try (SseStream s = subscribe(token, p, on("secret:update"))) {
            assertThat(s.nextComment(PROMPTLY)).isEqualTo("subscribed");
            assertThat(s.nextComment(PROMPTLY)).isEqualTo("ping");
            assertThat(s.nextComment(PROMPTLY)).isEqualTo("ping");
        }
    }

    @Test
    void aRevokedTokenEndsItsStreamWithinAHeartbeat() throws Exception {
        String p = project();
        Fixtures.Machine m = f.machine("revoked-" + SEQ.incrementAndGet(), "member");
        f.member(p, m.id(), "viewer");
        try (SseStream s = subscribe(m.token(), p, on("secret:update"))) {
            assertThat(s.status()).isEqualTo(200);
            Api.Response revoked = api.post("/api/v1/auth/token/revoke", null, body("accessToken", m.token()));
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
            assertThat(s.endsWithin(PROMPTLY)).as("the stream ended").isTrue();
        }
    }

    @Test
    void aRemovedMembershipEndsItsStreamWithinAHeartbeat() throws Exception {
        String p = project();
        Fixtures.Machine m = f.machine("removed-" + SEQ.incrementAndGet(), "member");
        f.member(p, m.id(), "viewer");
        try (SseStream s = subscribe(m.token(), p, on("secret:update"))) {
            assertThat(s.status()).isEqualTo(200);
            Api.Response removed = delete("/api/v2/workspace/" + p + "/identity-memberships/" + m.id(), null);
            assertThat(removed.status()).as(removed.body()).isEqualTo(200);
            assertThat(s.endsWithin(PROMPTLY)).as("the stream ended").isTrue();
        }
    }

    @Test
    void stoppingTheServerEndsItsStreams() {
        TestServer other = TestServer.start(backend(), new EventSettings(Duration.ofSeconds(30), 5, 64));
        try {
            Fixtures there = new Fixtures(other.api());
            String admin = there.admin().token();
            String p = there.project("Stopping");
            try (SseStream s = SseStream.open(
                    other.baseUrl(), admin, body("projectId", p, "register", List.of(on("secret:update"))))) {
                assertThat(s.status()).isEqualTo(200);
                other.stop();
                assertThat(s.endsWithin(Duration.ofSeconds(5)))
                        .as("the stream ended")
                        .isTrue();
            }
        } finally {
            other.close();
        }
    }
}
