package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.errors.StartupException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {

    @Test
    void withNothingSetEveryRequestIsRecordedFailingClosedAndReadsAreJournaled() {
        AuditSettings s = AuditSettings.from(Map.of());
        assertThat(s).isEqualTo(AuditSettings.DEFAULTS);
        assertThat(s.enabled()).isTrue();
        assertThat(s.failOpen()).isFalse();
        assertThat(s.journal()).isTrue();
        assertThat(s.maxWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theSwitchesTakeOnOffTrueAndFalseInAnyCase() {
        assertThat(AuditSettings.from(Map.of("COFFER_AUDIT_JOURNAL", " OFF ")).journal())
                .isFalse();
        assertThat(AuditSettings.from(Map.of("COFFER_AUDIT_JOURNAL", "false")).journal())
                .isFalse();
        assertThat(AuditSettings.from(Map.of("COFFER_AUDIT_JOURNAL", "on")).journal())
                .isTrue();
        assertThat(AuditSettings.from(Map.of("COFFER_AUDIT", "off")).enabled()).isFalse();
        assertThat(AuditSettings.from(Map.of("COFFER_AUDIT_FAIL_OPEN", "true")).failOpen())
                .isTrue();
    }

    @Test
    void aSwitchSetToAnythingElseStopsTheStartWithAMessageNamingIt() {
        assertThatThrownBy(() -> AuditSettings.from(Map.of("COFFER_AUDIT_JOURNAL", "sometimes")))
                .isInstanceOf(StartupException.class)
                .hasMessage("COFFER_AUDIT_JOURNAL must be 'on' or 'off', got 'sometimes'.");
        assertThatThrownBy(() -> AuditSettings.from(Map.of("COFFER_AUDIT", "1")))
                .isInstanceOf(StartupException.class)
                .hasMessage("COFFER_AUDIT must be 'on' or 'off', got '1'.");
        assertThat(AuditSettings.KEYS).contains("COFFER_AUDIT_JOURNAL");
    }
}
