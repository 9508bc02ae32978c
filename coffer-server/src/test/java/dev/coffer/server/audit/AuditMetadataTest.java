package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An event's metadata, written field by field, is the same canonical JSON a sorted map gives (the
 * encoding events were stored with before), so old and new rows read and hash alike.
 */
class AuditMetadataTest {

    private static AuditEvent event(String requestId, String route, String env, String path, List<String> keys) {
        return TestEvents.event(requestId, "id", "ci", "get-secrets", route, env, path, keys);
    }

    /** The encoding of earlier versions: a map with its keys sorted, through the object mapper. */
    private static String sortedMap(AuditEvent e) throws Exception {
        Map<String, Object> m = new TreeMap<>();
        m.put("requestId", e.requestId());
        m.put("route", e.route());
        m.put("secretKeys", e.secretKeys());
        if (e.environment() != null) m.put("environment", e.environment());
        if (e.secretPath() != null) m.put("secretPath", e.secretPath());
        return StoredEvent.JSON.writeValueAsString(m);
    }

    @Test
    void theStreamedMetadataIsTheSortedMapsJson() throws Exception {
        List<AuditEvent> events = List.of(
                event("req-1", "GET /api/v3/secrets/raw", "dev", "/", List.of("A", "B_2", "é\"\\\n\u0001</")),
                event("req-2", "POST /api/v1/auth/universal-auth/login", null, null, List.of()),
                event(null, "GET /x?\u2028", "prod", null, List.of("K")),
                event("req-3", "DELETE /y", null, "/a/b", List.of("\uD83D\uDD11")));
        for (AuditEvent e : events) {
            assertThat(StoredEvent.metadataOf(e)).isEqualTo(sortedMap(e));
            assertThat(StoredEvent.link(e, 7, "id", ChainHash.GENESIS).secretKeys())
                    .isEqualTo(e.secretKeys());
        }
    }
}
