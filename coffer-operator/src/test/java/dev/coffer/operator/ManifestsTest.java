package dev.coffer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.operator.resource.InfisicalSecret;
import dev.coffer.operator.resource.InfisicalSecretSpec;
import dev.coffer.operator.resource.InfisicalSecretStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code deploy/kubernetes/} against the Java model: they apply to a Kubernetes API,
 * the CRD's schema names every field the operator reads, its printer columns show what the status
 * holds, the RBAC grants no wildcard, and the issue's example resource reads as the operator expects.
 */
class ManifestsTest {

    Cluster cluster;

    @BeforeEach
    void start() {
        cluster = new Cluster();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    static CustomResourceDefinition crd(Cluster c) {
        return (CustomResourceDefinition) c.load("01-crd-infisicalsecrets.yaml").get(0);
    }

    @Test
    void everyManifestAppliesToAKubernetesApi() throws Exception {
        try (var files = Files.list(Cluster.DEPLOY)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .sorted()
                    .toList();
            assertThat(names).contains("00-namespace.yaml", "02-rbac.yaml", "03-operator.yaml");
            for (String n : names) {
                if (n.startsWith("01-")) continue; // the CRD is applied by Cluster already
                for (HasMetadata o : cluster.load(n)) {
                    assertThat(cluster.client.resource(o).create()).as(n).isNotNull();
                }
            }
        }
    }

    @Test
    void theCrdsSchemaNamesEveryFieldOfTheSpecModel() {
        JSONSchemaProps spec = crd(cluster)
                .getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec");
        assertThat(spec.getXKubernetesPreserveUnknownFields())
                .as("other fields are kept")
                .isTrue();
        assertThat(spec.getProperties().keySet()).containsAll(fields(InfisicalSecretSpec.class));
        JSONSchemaProps auth = spec.getProperties().get("authentication");
        assertThat(auth.getProperties().keySet()).contains("universalAuth", "serviceToken");
        assertThat(auth.getProperties()
                        .get("universalAuth")
                        .getProperties()
                        .get("secretsScope")
                        .getProperties()
                        .keySet())
                .containsAll(fields(InfisicalSecretSpec.SecretsScope.class));
        assertThat(spec.getProperties()
                        .get("managedSecretReference")
                        .getProperties()
                        .keySet())
                .containsAll(fields(InfisicalSecretSpec.ManagedSecret.class));
        assertThat(spec.getProperties()
                        .get("managedKubeConfigMapReferences")
                        .getItems()
                        .getSchema()
                        .getProperties()
                        .keySet())
                .containsAll(fields(InfisicalSecretSpec.ManagedConfigMap.class));
        JSONSchemaProps status = crd(cluster)
                .getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("status");
        assertThat(status.getProperties().keySet()).containsAll(fields(InfisicalSecretStatus.class));
    }

    @Test
    void kubectlGetShowsReadyProjectEnvironmentPathKeysAndLastSyncFromTheStatus() {
        var version = crd(cluster).getSpec().getVersions().get(0);
        assertThat(version.getSubresources().getStatus())
                .as("status subresource")
                .isNotNull();
        List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
        assertThat(columns.stream().map(CustomResourceColumnDefinition::getName))
                .contains("Ready", "Project", "Environment", "Path", "Keys", "Last Sync");
        Set<String> statusFields = fields(InfisicalSecretStatus.class);
        for (CustomResourceColumnDefinition c : columns) {
            String path = c.getJsonPath();
            assertThat(path).as(c.getName()).startsWith(".status.");
            String field = path.substring(".status.".length()).split("[\\[.]")[0];
            assertThat(statusFields)
                    .as(c.getName() + " reads a field the operator writes")
                    .contains(field);
        }
    }

    @Test
    void theRbacGrantsNoWildcardAndOnlyWhatTheOperatorDoes() {
        ClusterRole role = cluster.load("02-rbac.yaml").stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .findFirst()
                .orElseThrow();
        for (PolicyRule r : role.getRules()) {
            assertThat(r.getVerbs()).doesNotContain("*");
            assertThat(r.getResources()).doesNotContain("*");
            assertThat(r.getApiGroups()).doesNotContain("*");
        }
        assertThat(verbs(role, "infisicalsecrets")).containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(verbs(role, "deployments")).doesNotContain("create", "delete");
        assertThat(verbs(role, "configmaps")).doesNotContain("delete", "list");
    }

    @Test
    void theOperatorsHelmChartInstallsTheSameCrdAsThePlainManifests() throws Exception {
        var chart = Cluster.locate("deploy/helm/coffer-operator");
        assertThat(Files.readString(chart.resolve("crds/infisicalsecrets.yaml")))
                .isEqualTo(Files.readString(Cluster.DEPLOY.resolve("01-crd-infisicalsecrets.yaml")));
        String rbac = Files.readString(chart.resolve("templates/rbac.yaml"));
        String plain = Files.readString(Cluster.DEPLOY.resolve("02-rbac.yaml"));
        String rules = plain.substring(plain.indexOf("rules:"), plain.indexOf("---", plain.indexOf("rules:")));
        assertThat(rbac).as("the chart grants what the manifests grant").contains(rules);
    }

    static List<String> verbs(ClusterRole role, String resource) {
        return role.getRules().stream()
                .filter(r -> r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream())
                .toList();
    }

    @Test
    void theIssuesExampleResourceReadsAsTheOperatorExpects() throws Exception {
        InfisicalSecret r;
        try (InputStream in = Files.newInputStream(Cluster.DEPLOY.resolve("examples/snowflake-credentials.yaml"))) {
            List<HasMetadata> items = cluster.client.load(in).items();
            HasMetadata item = items.stream()
                    .filter(o -> "InfisicalSecret".equals(o.getKind()))
                    .findFirst()
                    .orElseThrow();
            r = cluster.client.getKubernetesSerialization().convertValue(item, InfisicalSecret.class);
        }
        InfisicalSecretSpec s = r.getSpec();
        assertThat(s.hostAPI).isEqualTo("https://coffer.example.com/api");
        assertThat(s.resyncInterval).isEqualTo(60);
        assertThat(s.authentication.universalAuth.credentialsRef.secretName).isEqualTo("infisical-machine-identity");
        assertThat(s.authentication.universalAuth.credentialsRef.secretNamespace)
                .isEqualTo("infisical");
        assertThat(s.authentication.universalAuth.secretsScope.projectSlug).isEqualTo("floe-platform");
        assertThat(s.authentication.universalAuth.secretsScope.envSlug).isEqualTo("production");
        assertThat(s.authentication.universalAuth.secretsScope.secretsPath).isEqualTo("/compute/snowflake");
        assertThat(s.managedSecretReference.secretName).isEqualTo("snowflake-credentials");
        assertThat(s.managedSecretReference.creationPolicy).isEqualTo("Owner");
        assertThat(cluster.client.resource(r).create().getSpec().managedSecretReference.secretType)
                .isEqualTo("Opaque");
    }

    static Set<String> fields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> Modifier.isPublic(f.getModifiers()) && !Modifier.isStatic(f.getModifiers()))
                .map(Field::getName)
                .collect(Collectors.toSet());
    }
}
