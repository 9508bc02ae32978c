package dev.coffer.operator.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import org.junit.jupiter.api.Test;

/** Which pod specs use a Secret: envFrom, an env secretKeyRef, a secret volume or a projected one. */
class AutoReloadTest {

    @Test
    void eachWayOfReadingASecretCountsAndOtherSecretsDoNot() {
        PodSpec envFrom = new PodSpecBuilder()
                .addNewContainer()
                .addNewEnvFrom()
                .withNewSecretRef()
                .withName("db")
                .endSecretRef()
                .endEnvFrom()
                .endContainer()
                .build();
        PodSpec env = new PodSpecBuilder()
                .addNewInitContainer()
                .addNewEnv()
                .withName("PW")
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName("db")
                .withKey("PASSWORD")
                .endSecretKeyRef()
                .endValueFrom()
                .endEnv()
                .endInitContainer()
                .build();
        PodSpec volume = new PodSpecBuilder()
                .addNewVolume()
                .withName("v")
                .withNewSecret()
                .withSecretName("db")
                .endSecret()
                .endVolume()
                .build();
        PodSpec projected = new PodSpecBuilder()
                .addNewVolume()
                .withName("p")
                .withNewProjected()
                .addNewSource()
                .withNewSecret()
                .withName("db")
                .endSecret()
                .endSource()
                .endProjected()
                .endVolume()
                .build();
        for (PodSpec s : new PodSpec[] {envFrom, env, volume, projected}) {
            assertThat(AutoReload.uses(s, "db")).isTrue();
            assertThat(AutoReload.uses(s, "other")).isFalse();
        }
    }

    @Test
    void theAnnotationNamesTheSecretAndStaysAValidAnnotationKeyForLongNames() {
        assertThat(AutoReload.annotationFor("snowflake-credentials"))
                .isEqualTo("reload.secrets.coffer.dev/snowflake-credentials");
        String longName = "a".repeat(100);
        assertThat(AutoReload.annotationFor(longName)).startsWith("reload.secrets.coffer.dev/secret-");
        assertThat(AutoReload.annotationFor(longName)
                        .substring("reload.secrets.coffer.dev/".length())
                        .length())
                .isLessThanOrEqualTo(63);
    }
}
