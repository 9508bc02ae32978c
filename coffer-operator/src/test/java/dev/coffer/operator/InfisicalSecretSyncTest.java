package dev.coffer.operator;

import static dev.coffer.operator.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.operator.metrics.Metrics;
import dev.coffer.operator.reload.AutoReload;
import dev.coffer.operator.resource.InfisicalSecret;
import dev.coffer.operator.sync.SyncSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator against a Kubernetes API (fabric8's mock in CRUD mode) and a real Coffer server: an
 * {@code InfisicalSecret} in Infisical's shape becomes a Secret, follows writes in Coffer (polling),
 * rolls out the workloads that use it only when its data changed, heals hand edits and deletions, and
 * applies a spec change at once. Each test works in a namespace of its own.
 */
class InfisicalSecretSyncTest {

    static final Duration SOON = Duration.ofSeconds(10);
    static final AtomicInteger SEQ = new AtomicInteger();

    static Coffer coffer;
    static Cluster cluster;
    static CofferOperator operator;

    @BeforeAll
    static void start() {
        coffer = new Coffer();
        coffer.create("SNOWFLAKE_USER", "floe_loader");
        coffer.create("SNOWFLAKE_PASSWORD", "hunter2-initial");
        cluster = new Cluster();
        operator = CofferOperator.start(
                cluster.client,
                Set.of(),
                new SyncSettings(Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(5)),
                new Metrics(Clock.systemUTC()));
    }

    @AfterAll
    static void stop() {
        operator.close();
        cluster.close();
        coffer.close();
    }

    /** A fresh namespace with the identity's credentials Secret in it. */
    static String namespace() {
        String ns = "floe-jobs-" + SEQ.incrementAndGet();
        cluster.namespace(ns);
        cluster.secret(
                ns,
                "infisical-machine-identity",
                Map.of("clientId", coffer.machine.clientId(), "clientSecret", coffer.machine.clientSecret()));
        return ns;
    }

    static Secret secret(String ns, String name) {
        return cluster.client.secrets().inNamespace(ns).withName(name).get();
    }

    static Map<String, String> data(Secret s) {
        Map<String, String> out = new java.util.TreeMap<>();
        s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return out;
    }

    static Condition condition(InfisicalSecret r, String type) {
        if (r == null || r.getStatus() == null) return null;
        return r.getStatus().conditions.stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElse(null);
    }

    static boolean synced(String ns, String name) {
        Condition c = condition(cluster.resource(ns, name), "secrets.infisical.com/ReadyToSyncSecrets");
        return c != null && "True".equals(c.getStatus());
    }

    @Test
    void aResourceBecomesASecretWithTheScopesKeysTypeAndAStatusKubectlShows() {
        String ns = namespace();
        Resources.apply(
                cluster.client,
                Resources.infisicalSecret(
                        ns, "snowflake-credentials", coffer.hostApi(), 60, Coffer.PATH, "    secretType: Opaque"));

        eventually(SOON, "the managed Secret exists", () -> secret(ns, "snowflake-credentials") != null);
        Secret s = secret(ns, "snowflake-credentials");
        assertThat(s.getType()).isEqualTo("Opaque");
        assertThat(data(s))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("SNOWFLAKE_USER", "floe_loader", "SNOWFLAKE_PASSWORD", "hunter2-initial"));

        eventually(SOON, "the resource reports itself synced", () -> synced(ns, "snowflake-credentials"));
        InfisicalSecret r = cluster.resource(ns, "snowflake-credentials");
        assertThat(condition(r, "secrets.infisical.com/LoadedInfisicalToken").getStatus())
                .isEqualTo("True");
        assertThat(condition(r, "secrets.infisical.com/AutoRedeployReady").getStatus())
                .isEqualTo("True");
        assertThat(r.getStatus().project).isEqualTo(Coffer.SLUG);
        assertThat(r.getStatus().environment).isEqualTo(Coffer.ENV);
        assertThat(r.getStatus().secretsPath).isEqualTo(Coffer.PATH);
        assertThat(r.getStatus().secretsCount).isEqualTo(2);
        assertThat(r.getStatus().lastSyncTime).isNotBlank();
        assertThat(operator.metrics().text())
                .contains("coffer_operator_syncs_total{namespace=\"" + ns + "\",name=\"snowflake-credentials\"}");
    }

    @Test
    void aWriteInCofferUpdatesTheSecretAndRollsOutOnlyTheAnnotatedWorkloadsThatUseIt() throws Exception {
        String ns = namespace();
        coffer.fixtures.folder(coffer.projectId, Coffer.ENV, "/compute", "reload");
        coffer.create("/compute/reload", "TOKEN", "v1");
        Deployment annotated = cluster.client
                .resource(Resources.deployment(ns, "loader", "reload-creds", true))
                .create();
        Deployment plain = cluster.client
                .resource(Resources.deployment(ns, "plain", "reload-creds", false))
                .create();
        Deployment other = cluster.client
                .resource(Resources.deployment(ns, "other", "not-managed", true))
                .create();
        Resources.apply(
                cluster.client,
                Resources.infisicalSecret(ns, "reload-creds", coffer.hostApi(), 1, "/compute/reload", ""));
        eventually(SOON, "first sync", () -> secret(ns, "reload-creds") != null);
        eventually(SOON, "the resource reports itself synced", () -> synced(ns, "reload-creds"));
        assertThat(podAnnotations(ns, "loader"))
                .as("creating the Secret restarts nothing")
                .isEmpty();

        var api = coffer.server.api();
        var r = api.patch(
                "/api/v3/secrets/raw/TOKEN",
                coffer.fixtures.admin().token(),
                Map.of(
                        "workspaceId",
                        coffer.projectId,
                        "environment",
                        "prod",
                        "secretPath",
                        "/compute/reload",
                        "secretValue",
                        "v2"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        eventually(
                SOON,
                "the Secret follows the write",
                () -> "v2".equals(data(secret(ns, "reload-creds")).get("TOKEN")));
        String version =
                secret(ns, "reload-creds").getMetadata().getAnnotations().get("secrets.infisical.com/version");
        eventually(
                SOON,
                "the annotated Deployment is rolled out with the Secret's version",
                () -> version.equals(podAnnotations(ns, "loader").get(AutoReload.annotationFor("reload-creds"))));

        // three more resyncs with nothing changed: nothing is rolled out again
        String rolledOutAt = deployment(ns, "loader").getMetadata().getResourceVersion();
        Thread.sleep(3_500);
        assertThat(deployment(ns, "loader").getMetadata().getResourceVersion()).isEqualTo(rolledOutAt);
        assertThat(deployment(ns, "plain").getMetadata().getResourceVersion())
                .isEqualTo(plain.getMetadata().getResourceVersion());
        assertThat(deployment(ns, "other").getMetadata().getResourceVersion())
                .isEqualTo(other.getMetadata().getResourceVersion());
        assertThat(annotated.getMetadata().getResourceVersion()).isNotEqualTo(rolledOutAt);
    }

    static Deployment deployment(String ns, String name) {
        return cluster.client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    static Map<String, String> podAnnotations(String ns, String name) {
        Map<String, String> a =
                deployment(ns, name).getSpec().getTemplate().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    @Test
    void aHandEditedSecretIsRestoredAndADeletedOneRecreatedWithoutWaitingForTheResync() {
        String ns = namespace();
        Resources.apply(
                cluster.client, Resources.infisicalSecret(ns, "healed", coffer.hostApi(), 3600, Coffer.PATH, ""));
        eventually(SOON, "first sync", () -> secret(ns, "healed") != null);

        retryingConflicts(() -> cluster.client
                .secrets()
                .inNamespace(ns)
                .withName("healed")
                .edit(s -> {
                    s.getData()
                            .put("SNOWFLAKE_PASSWORD", Base64.getEncoder().encodeToString("typed-by-hand".getBytes()));
                    s.getData().put("EXTRA", Base64.getEncoder().encodeToString("x".getBytes()));
                    return s;
                }));
        eventually(
                SOON,
                "the hand edit is undone",
                () -> data(secret(ns, "healed"))
                        .equals(Map.of("SNOWFLAKE_USER", "floe_loader", "SNOWFLAKE_PASSWORD", "hunter2-initial")));

        cluster.client.secrets().inNamespace(ns).withName("healed").delete();
        eventually(
                SOON,
                "the deleted Secret is back",
                () -> secret(ns, "healed") != null && data(secret(ns, "healed")).size() == 2);
    }

    @Test
    void aChangeOfTheResourcesSpecIsAppliedAtOnce() {
        String ns = namespace();
        coffer.fixtures.folder(coffer.projectId, Coffer.ENV, "/compute", "spark");
        coffer.create("/compute/spark", "SPARK_MASTER", "spark://m:7077");
        Resources.apply(
                cluster.client, Resources.infisicalSecret(ns, "moved", coffer.hostApi(), 3600, Coffer.PATH, ""));
        eventually(SOON, "first sync", () -> secret(ns, "moved") != null);

        // as a person's edit would, sent again when the operator wrote the resource's status meanwhile
        retryingConflicts(() -> cluster.client
                .resources(InfisicalSecret.class)
                .inNamespace(ns)
                .withName("moved")
                .edit(r -> {
                    r.getSpec().authentication.universalAuth.secretsScope.secretsPath = "/compute/spark";
                    return r;
                }));
        eventually(
                SOON,
                "the Secret holds the new path's secrets (the resync is an hour away)",
                () -> data(secret(ns, "moved")).equals(Map.of("SPARK_MASTER", "spark://m:7077")));
    }

    @Test
    void theOwnerPolicySetsAnOwnerReferenceAndOrphanTheDefaultDoesNot() {
        String ns = namespace();
        InfisicalSecret owned = Resources.apply(
                cluster.client,
                Resources.infisicalSecret(
                        ns, "owned", coffer.hostApi(), 3600, Coffer.PATH, "    creationPolicy: Owner"));
        Resources.apply(
                cluster.client, Resources.infisicalSecret(ns, "orphan", coffer.hostApi(), 3600, Coffer.PATH, ""));
        eventually(SOON, "both synced", () -> secret(ns, "owned") != null && secret(ns, "orphan") != null);

        assertThat(secret(ns, "owned").getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.getKind()).isEqualTo("InfisicalSecret");
                    assertThat(o.getName()).isEqualTo("owned");
                    assertThat(o.getUid()).isEqualTo(owned.getMetadata().getUid());
                });
        assertThat(secret(ns, "orphan").getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void aCofferSecretWhoseNameCannotBeAKubernetesKeyIsReportedNotSilentlyDropped() {
        String ns = namespace();
        coffer.fixtures.folder(coffer.projectId, Coffer.ENV, "/compute", "odd");
        coffer.create("/compute/odd", "GOOD_KEY", "fine");
        coffer.create("/compute/odd", "db+url", "postgres://x");
        Resources.apply(
                cluster.client, Resources.infisicalSecret(ns, "odd", coffer.hostApi(), 3600, "/compute/odd", ""));
        eventually(SOON, "the valid key is synced", () -> secret(ns, "odd") != null);
        assertThat(data(secret(ns, "odd"))).containsOnlyKeys("GOOD_KEY");

        eventually(
                SOON,
                "the invalid name is in the status",
                () -> cluster.resource(ns, "odd").getStatus().invalidKeys != null);
        InfisicalSecret r = cluster.resource(ns, "odd");
        assertThat(r.getStatus().invalidKeys).containsExactly("db+url");
        Condition ready = condition(r, "secrets.infisical.com/ReadyToSyncSecrets");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidSecretKeys");
        assertThat(ready.getMessage()).contains("db+url").contains("template.data");
        eventually(
                SOON,
                "an event names it",
                () -> cluster.client.v1().events().inNamespace(ns).list().getItems().stream()
                        .anyMatch(e -> "InvalidSecretKeys".equals(e.getReason())
                                && e.getMessage().contains("db+url")));
    }

    @Test
    void aTemplateWritesTheKeysItNamesAndAConfigMapIsManagedToo() {
        String ns = namespace();
        String managed = """
                    template:
                      includeAllSecrets: false
                      data:
                        jdbc-url: "jdbc:snowflake://acct/?user={{ .SNOWFLAKE_USER.Value }}"
                  managedKubeConfigMapReferences:
                    - configMapName: snowflake-config
                      configMapNamespace: %s
                """.formatted(ns);
        Resources.apply(
                cluster.client,
                Resources.infisicalSecret(ns, "templated", coffer.hostApi(), 3600, Coffer.PATH, managed));
        eventually(
                SOON,
                "synced",
                () -> secret(ns, "templated") != null
                        && cluster.client
                                        .configMaps()
                                        .inNamespace(ns)
                                        .withName("snowflake-config")
                                        .get()
                                != null);
        assertThat(data(secret(ns, "templated")))
                .isEqualTo(Map.of("jdbc-url", "jdbc:snowflake://acct/?user=floe_loader"));
        assertThat(cluster.client
                        .configMaps()
                        .inNamespace(ns)
                        .withName("snowflake-config")
                        .get()
                        .getData())
                .containsOnlyKeys("SNOWFLAKE_USER", "SNOWFLAKE_PASSWORD");
    }

    @Test
    void aServiceTokenReadsTheScopeItWasGiven() {
        String ns = namespace();
        var created = coffer.server
                .api()
                .post(
                        "/api/v2/service-token",
                        coffer.fixtures.admin().token(),
                        Map.of(
                                "name",
                                "k8s",
                                "workspaceId",
                                coffer.projectId,
                                "scopes",
                                java.util.List.of(Map.of("environment", "prod", "secretPath", "/compute/**")),
                                "permissions",
                                java.util.List.of("read")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        cluster.secret(
                ns,
                "service-token",
                Map.of("infisicalToken", created.json().get("serviceToken").asText()));
        String yaml = """
                apiVersion: secrets.infisical.com/v1alpha1
                kind: InfisicalSecret
                metadata: {name: by-token, namespace: %s}
                spec:
                  hostAPI: %s
                  resyncInterval: 3600
                  authentication:
                    serviceToken:
                      serviceTokenSecretReference: {secretName: service-token, secretNamespace: %s}
                      secretsScope: {envSlug: prod, secretsPath: /compute/snowflake}
                  managedSecretReference: {secretName: by-token, secretNamespace: %s}
                """.formatted(ns, coffer.hostApi(), ns, ns);
        Resources.apply(cluster.client, yaml);
        eventually(SOON, "synced with the service token", () -> secret(ns, "by-token") != null);
        assertThat(data(secret(ns, "by-token"))).containsEntry("SNOWFLAKE_USER", "floe_loader");
        eventually(
                SOON,
                "the status names the token's project",
                () -> coffer.projectId.equals(cluster.resource(ns, "by-token").getStatus().project));
    }

    /**
     * Runs an edit again when the API server answers 409 (the object changed since it was read: the
     * operator writes its resources' status and its Secrets concurrently), up to ten times.
     */
    private static void retryingConflicts(Runnable edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                edit.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) throw e;
            }
        }
    }
}
