package dev.coffer.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.projects.SecretPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    private final Map<String, String> store = new HashMap<>();

    private final References.Lookup lookup =
            (env, path, key) -> Optional.ofNullable(store.get(env + ":" + path + ":" + key));

    private String expand(String value) {
        return new References(lookup).expand(value, "dev", SecretPath.ROOT, "SELF");
    }

    @Test
    void aLocalReferenceTakesTheValueFromTheSameFolder() {
        store.put("dev:/:HOST", "db.internal");
        assertThat(expand("postgres://${HOST}:5432")).isEqualTo("postgres://db.internal:5432");
    }

    @Test
    void anEnvironmentReferenceReadsTheRootOfThatEnvironment() {
        store.put("prod:/:HOST", "prod-db");
        assertThat(expand("${prod.HOST}")).isEqualTo("prod-db");
    }

    @Test
    void aFolderReferenceReadsThatFolderOfThatEnvironment() {
        store.put("prod:/app/db:PASSWORD", "pw");
        assertThat(expand("x${prod.app.db.PASSWORD}y")).isEqualTo("xpwy");
    }

    @Test
    void referencedValuesAreExpandedRelativeToTheirOwnLocation() {
        store.put("prod:/app:URL", "https://${HOST}");
        store.put("prod:/app:HOST", "prod-host");
        store.put("dev:/:HOST", "dev-host");
        assertThat(expand("${prod.app.URL}")).isEqualTo("https://prod-host");
    }

    @Test
    void aMissingReferenceStaysAsWritten() {
        assertThat(expand("a ${NOPE} b ${prod.NOPE}")).isEqualTo("a ${NOPE} b ${prod.NOPE}");
    }

    @Test
    void malformedReferencesStayAsWritten() {
        assertThat(expand("${} ${a..b.C} ${x.../y.K} $ {A}")).isEqualTo("${} ${a..b.C} ${x.../y.K} $ {A}");
    }

    @Test
    void replacementTextIsNotInterpretedAsARegexGroup() {
        store.put("dev:/:A", "$1\\n");
        assertThat(expand("${A}")).isEqualTo("$1\\n");
    }

    @Test
    void aCycleIsRejectedNamingTheChain() {
        store.put("dev:/:A", "${B}");
        store.put("dev:/:B", "${A}");
        assertThatThrownBy(() -> expand("${A}"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("cycle")
                .hasMessageContaining("dev:/A")
                .hasMessageContaining("dev:/B");
    }

    @Test
    void aSelfReferenceIsACycle() {
        store.put("dev:/:SELF", "${SELF}");
        assertThatThrownBy(() -> expand("${SELF}"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void chainsDeeperThanTenLevelsAreRejected() {
        for (int i = 0; i < 12; i++) store.put("dev:/:K" + i, "${K" + (i + 1) + "}");
        store.put("dev:/:K12", "end");
        assertThatThrownBy(() -> expand("${K0}"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("deeper than 10");
    }

    @Test
    void aChainOfTenLevelsResolves() {
        for (int i = 0; i < 9; i++) store.put("dev:/:K" + i, "${K" + (i + 1) + "}");
        store.put("dev:/:K9", "end");
        assertThat(expand("${K0}")).isEqualTo("end");
    }

    @Test
    void theSameReferenceTwiceInOneValueIsNotACycle() {
        store.put("dev:/:A", "a");
        assertThat(expand("${A}-${A}")).isEqualTo("a-a");
    }

    // ---------------------------------------------------------------- bounds and memoisation

    @Test
    void eightSecretsEachNamingTheNextTenTimesAreA422NamingTheChainInsteadOfAHundredMegabytes() {
        for (int i = 1; i < 8; i++) store.put("dev:/:L" + i, ("${L" + (i + 1) + "}").repeat(10));
        store.put("dev:/:L8", "0123456789");
        assertThatThrownBy(() -> expand("${L1}"))
                .isInstanceOf(ApiException.Validation.class)
                .hasMessageContaining("Expanding dev:/SELF -> dev:/L1 -> dev:/L2")
                .hasMessageContaining("exceeded " + References.MAX_VALUE_BYTES + " bytes")
                .hasMessageContaining("expandSecretReferences=false");
    }

    @Test
    void aValueJustUnderTheLimitExpandsAndOneByteMoreDoesNot() {
        store.put("dev:/:BIG", "x".repeat((int) References.MAX_VALUE_BYTES - 2));
        assertThat(expand("${BIG}ab")).hasSize((int) References.MAX_VALUE_BYTES);
        assertThatThrownBy(() -> expand("${BIG}abc")).isInstanceOf(ApiException.Validation.class);
        // counted in UTF-8 bytes, not characters
        store.put("dev:/:WIDE", "é".repeat((int) References.MAX_VALUE_BYTES / 2 + 1));
        assertThatThrownBy(() -> expand("${WIDE}")).isInstanceOf(ApiException.Validation.class);
    }

    @Test
    void aRequestProducesAtMostItsBudgetAcrossAllItsValues() {
        store.put("dev:/:HALF", "x".repeat(512 * 1024));
        References one = new References(lookup);
        long perValue = 512 * 1024;
        int fits = (int) (References.MAX_REQUEST_BYTES / perValue);
        for (int i = 0; i < fits; i++)
            assertThat(one.expand("${HALF}", "dev", SecretPath.ROOT, "V" + i)).hasSize((int) perValue);
        assertThatThrownBy(() -> one.expand("${HALF}", "dev", SecretPath.ROOT, "ONE_MORE"))
                .isInstanceOf(ApiException.Validation.class)
                .hasMessageContaining("for this request");
    }

    @Test
    void aRequestLooksUpAtMostItsBudgetOfSecrets() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= References.MAX_LOOKUPS; i++)
            many.append("${MISSING_").append(i).append('}');
        assertThatThrownBy(() -> expand(many.toString()))
                .isInstanceOf(ApiException.Validation.class)
                .hasMessageContaining("looked up more than " + References.MAX_LOOKUPS + " secrets");
    }

    @Test
    void eachLocationIsLookedUpOnceAndRememberedResultsEqualFreshOnes() {
        // a diamond: TOP names LEFT and RIGHT, both name BOTTOM (in another environment and folder)
        store.put("dev:/:TOP", "${LEFT}+${RIGHT}+${LEFT}");
        store.put("dev:/:LEFT", "L(${prod.app.BOTTOM})");
        store.put("dev:/:RIGHT", "R(${prod.app.BOTTOM},${prod.app.BOTTOM})");
        store.put("prod:/app:BOTTOM", "b-${NEAR}");
        store.put("prod:/app:NEAR", "near");
        List<String> values = List.of("${TOP}", "${LEFT}", "x${RIGHT}y", "${prod.app.BOTTOM}", "${TOP}${NOPE}");
        Map<String, Integer> calls = new HashMap<>();
        References.Lookup counting = (env, path, key) -> {
            calls.merge(env + ":" + path + ":" + key, 1, Integer::sum);
            return lookup.raw(env, path, key);
        };
        References shared = new References(counting);
        for (String v : values) {
            String remembered = shared.expand(v, "dev", SecretPath.ROOT, "SELF");
            assertThat(remembered).as(v).isEqualTo(expand(v));
        }
        assertThat(expand("${TOP}")).isEqualTo("L(b-near)+R(b-near,b-near)+L(b-near)");
        assertThat(calls)
                .as("lookups per location")
                .allSatisfy((where, n) -> assertThat(n).as(where).isEqualTo(1));
        assertThat(calls).containsKeys("dev:/:TOP", "prod:/app:BOTTOM", "prod:/app:NEAR", "dev:/:NOPE");
    }

    @Test
    void aRememberedExpansionUsedDeeperInAChainFailsTheDepthLimitAsAFreshOneWould() {
        for (int i = 0; i < 11; i++) store.put("dev:/:K" + i, "${K" + (i + 1) + "}");
        store.put("dev:/:K11", "end");
        References shared = new References(lookup);
        assertThat(shared.expand("${K3}", "dev", SecretPath.ROOT, "FIRST")).isEqualTo("end");
        assertThatThrownBy(() -> shared.expand("${K0}", "dev", SecretPath.ROOT, "SECOND"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("deeper than 10");
        assertThatThrownBy(() -> expand("${K0}"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("deeper than 10");
        // the ten levels that do fit still resolve through remembered expansions
        store.put("dev:/:K9", "end");
        References again = new References(lookup);
        assertThat(again.expand("${K3}", "dev", SecretPath.ROOT, "FIRST")).isEqualTo("end");
        assertThat(again.expand("${K0}", "dev", SecretPath.ROOT, "SECOND")).isEqualTo("end");
    }
}
