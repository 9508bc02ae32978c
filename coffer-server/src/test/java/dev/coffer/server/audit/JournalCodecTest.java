package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JournalCodecTest {

    @Test
    void anEventComesBackFromTheJournalAsItWentIn() {
        AuditEvent e = new AuditEvent(
                1_700_000_000_123L,
                "req-\"1\"\\",
                "get-secrets",
                "identity",
                "id-1",
                "CI runner é 日本",
                null,
                "127.0.0.1",
                "ua/1.0 \u0000 nul",
                "GET /api/v3/secrets/raw",
                200,
                "project-1",
                "prod",
                "/ci/deep",
                List.of("A", "B_é", ""),
                7);
        assertThat(JournalCodec.decode(JournalCodec.encode(e))).isEqualTo(e);
    }

    @Test
    void aListsNamesEncodedOnceComeBackForEveryEventThatNamesThem() {
        List<String> names = List.of("ONE", "TWO", "THREE");
        AuditEvent a = new AuditEvent(
                1, "r1", "get-secrets", null, null, null, null, null, null, "GET /x", 200, null, null, null, names, 0);
        AuditEvent b = new AuditEvent(
                2, "r2", "get-secrets", null, null, null, null, null, null, "GET /x", 304, null, null, null, names, 0);
        assertThat(JournalCodec.decode(JournalCodec.encode(a))).isEqualTo(a);
        assertThat(JournalCodec.decode(JournalCodec.encode(b))).isEqualTo(b);
    }
}
