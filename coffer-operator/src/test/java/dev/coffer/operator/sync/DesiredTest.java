package dev.coffer.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.operator.coffer.CofferApi;
import dev.coffer.operator.resource.InfisicalSecretSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a managed object holds, from a listing and a template. */
class DesiredTest {

    static final List<CofferApi.Entry> LISTING = List.of(
            new CofferApi.Entry("/shared", "REGION", "eu-west-1", 1, true),
            new CofferApi.Entry("/shared", "USER", "imported-user", 1, true),
            new CofferApi.Entry("/compute/snowflake", "USER", "floe_loader", 3, false),
            new CofferApi.Entry("/compute/snowflake", "PASSWORD", "pw", 2, false),
            new CofferApi.Entry("/compute/snowflake", "bad key", "x", 1, false));

    static InfisicalSecretSpec.Template template(Boolean includeAll, Map<String, String> data) {
        InfisicalSecretSpec.Template t = new InfisicalSecretSpec.Template();
        t.includeAllSecrets = includeAll;
        t.data = data;
        return t;
    }

    @Test
    void withoutATemplateEverySecretIsAKeyTheFoldersOwnWinningOverImportedOnes() {
        Desired d = Desired.of(Desired.items(LISTING), null);
        assertThat(d.data()).isEqualTo(Map.of("REGION", "eu-west-1", "USER", "floe_loader", "PASSWORD", "pw"));
        assertThat(d.invalidKeys()).containsExactly("bad key");
    }

    @Test
    void aTemplateWritesOnlyItsKeysUnlessIncludeAllSecretsSaysOtherwise() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("dsn", "{{ .USER.Value }}:{{.PASSWORD.Value}}@{{ .USER.SecretPath }}");
        assertThat(Desired.of(Desired.items(LISTING), template(false, data)).data())
                .isEqualTo(Map.of("dsn", "floe_loader:pw@/compute/snowflake"));
        assertThat(Desired.of(Desired.items(LISTING), template(true, data)).data())
                .containsEntry("dsn", "floe_loader:pw@/compute/snowflake")
                .containsEntry("REGION", "eu-west-1")
                .hasSize(4);
    }

    @Test
    void aTemplateActionOutsideTheSupportedFormsIsRefusedNamingIt() {
        assertThatThrownBy(() ->
                        Desired.of(Desired.items(LISTING), template(false, Map.of("k", "{{ .USER.Value | b64enc }}"))))
                .isInstanceOf(Template.TemplateException.class)
                .hasMessageContaining("b64enc")
                .hasMessageContaining("{{ .NAME.Value }}");
        assertThatThrownBy(() -> Desired.of(Desired.items(LISTING), template(false, Map.of("k", "{{ .NOPE.Value }}"))))
                .hasMessageContaining("NOPE")
                .hasMessageContaining("not in the secrets scope");
    }

    @Test
    void theVersionChangesWithAnyValueAndNotWithOrder() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("A", "1");
        a.put("B", "2");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("B", "2");
        b.put("A", "1");
        assertThat(Desired.version(a)).isEqualTo(Desired.version(b));
        assertThat(Desired.version(a)).isNotEqualTo(Desired.version(Map.of("A", "1", "B", "3")));
        assertThat(Desired.version(Map.of("A", "1B"))).isNotEqualTo(Desired.version(Map.of("A1", "B")));
    }

    @Test
    void anEntryOrADesiredStateNeverPrintsAValue() {
        assertThat(LISTING.get(3).toString()).doesNotContain("pw");
        assertThat(Desired.of(Desired.items(LISTING), null).toString()).doesNotContain("floe_loader");
    }

    @Test
    void intervalsAreReadFromEitherPlaceInfisicalAllows() {
        InfisicalSecretSpec spec = new InfisicalSecretSpec();
        assertThat(Intervals.resync(spec, java.time.Duration.ofSeconds(60))).hasSeconds(60);
        spec.resyncInterval = 15;
        assertThat(Intervals.resync(spec, java.time.Duration.ofSeconds(60))).hasSeconds(15);
        spec.syncConfig = new InfisicalSecretSpec.SyncConfig();
        spec.syncConfig.resyncInterval = "5m";
        assertThat(Intervals.resync(spec, java.time.Duration.ofSeconds(60))).hasMinutes(5);
        spec.syncConfig.resyncInterval = "soon";
        assertThat(Intervals.resync(spec, java.time.Duration.ofSeconds(60))).hasSeconds(15);
    }
}
