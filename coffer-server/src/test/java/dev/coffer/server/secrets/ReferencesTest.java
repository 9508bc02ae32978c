package dev.coffer.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.projects.SecretPath;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    private final Map<String, String> store = new HashMap<>();

    private final References.Lookup lookup =
            (env, path, key) -> Optional.ofNullable(store.get(env + ":" + path + ":" + key));

    private String expand(String value) {
        return References.expand(value, "dev", SecretPath.ROOT, "SELF", lookup);
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
}
