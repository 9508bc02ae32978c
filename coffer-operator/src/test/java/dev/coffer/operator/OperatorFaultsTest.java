package dev.coffer.operator;

import static dev.coffer.operator.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.operator.metrics.Metrics;
import dev.coffer.operator.resource.InfisicalSecret;
import dev.coffer.operator.sync.SyncSettings;
import dev.coffer.server.testing.TestClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the operator does when things go wrong: a missing credentials Secret, an authentication kind it
 * does not have, an expired token, a Coffer that is down. Each failure is a condition a person can act
 * on and a Kubernetes event; the managed Secret keeps its last good data. Last, everything the
 * operator logged, every event and every status is checked for secret values: there are none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorFaultsTest {

    static final Duration SOON = Duration.ofSeconds(10);
    static final String VALUE = "s3cr3t-value-never-logged";
    static final String BEFORE = "rotating-value-before-7x";
    static final String AFTER = "rotating-value-after-7x";
    static final AtomicInteger SEQ = new AtomicInteger();
    static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    static final Handler CAPTURE = new Handler() {
        final SimpleFormatter f = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            StringWriter w = new StringWriter();
            w.append(f.format(r));
            if (r.getThrown() != null) r.getThrown().printStackTrace(new PrintWriter(w));
            LOGGED.add(w.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    static TestClock clock = new TestClock();
    static Coffer coffer;
    static Cluster cluster;
    static CofferOperator operator;

    @BeforeAll
    static void start() {
        Logger.getLogger("").addHandler(CAPTURE);
        CAPTURE.setLevel(Level.ALL);
        Logger.getLogger("dev.coffer.operator").setLevel(Level.FINE);
        coffer = new Coffer(clock);
        coffer.create("WAREHOUSE_PASSWORD", VALUE);
        cluster = new Cluster();
        operator = CofferOperator.start(
                cluster.client,
                Set.of(),
                new SyncSettings(Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(3)),
                new Metrics(Clock.systemUTC()));
    }

    @AfterAll
    static void stop() {
        operator.close();
        cluster.close();
        coffer.close();
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    static String namespace(boolean withCredentials) {
        String ns = "faults-" + SEQ.incrementAndGet();
        cluster.namespace(ns);
        if (withCredentials) credentials(ns);
        return ns;
    }

    static void credentials(String ns) {
        cluster.secret(
                ns,
                "infisical-machine-identity",
                Map.of("clientId", coffer.machine.clientId(), "clientSecret", coffer.machine.clientSecret()));
    }

    static Condition condition(String ns, String name, String type) {
        InfisicalSecret r = cluster.resource(ns, name);
        if (r == null || r.getStatus() == null) return null;
        return r.getStatus().conditions.stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElse(null);
    }

    static boolean is(String ns, String name, String type, String status, String reason) {
        Condition c = condition(ns, name, type);
        return c != null && status.equals(c.getStatus()) && (reason == null || reason.equals(c.getReason()));
    }

    static String value(String ns, String name, String key) {
        var s = cluster.client.secrets().inNamespace(ns).withName(name).get();
        if (s == null || s.getData() == null || s.getData().get(key) == null) return null;
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void aMissingCredentialsSecretIsNamedInTheConditionAndTheResourceSyncsOnceItExists() {
        String ns = namespace(false);
        Resources.apply(
                cluster.client, Resources.infisicalSecret(ns, "waiting", coffer.hostApi(), 60, Coffer.PATH, ""));
        eventually(
                SOON,
                "the condition names the missing Secret",
                () -> is(
                        ns,
                        "waiting",
                        "secrets.infisical.com/LoadedInfisicalToken",
                        "False",
                        "CredentialsSecretNotFound"));
        assertThat(condition(ns, "waiting", "secrets.infisical.com/LoadedInfisicalToken")
                        .getMessage())
                .contains(ns + "/infisical-machine-identity")
                .contains("clientId")
                .contains("clientSecret");
        assertThat(is(ns, "waiting", "secrets.infisical.com/ReadyToSyncSecrets", "False", null))
                .isTrue();
        eventually(
                SOON,
                "a warning event",
                () -> cluster.client.v1().events().inNamespace(ns).list().getItems().stream()
                        .anyMatch(e ->
                                "CredentialsSecretNotFound".equals(e.getReason()) && "Warning".equals(e.getType())));

        credentials(ns);
        eventually(
                SOON,
                "synced once the credentials exist (retried with backoff)",
                () -> VALUE.equals(value(ns, "waiting", "WAREHOUSE_PASSWORD")));
        eventually(
                SOON,
                "the token condition is true again",
                () -> is(ns, "waiting", "secrets.infisical.com/LoadedInfisicalToken", "True", "Authenticated"));
    }

    @Test
    @Order(2)
    void anAuthenticationKindCofferDoesNotHaveIsReportedAsNotSupported() {
        String ns = namespace(true);
        String yaml = """
                apiVersion: secrets.infisical.com/v1alpha1
                kind: InfisicalSecret
                metadata: {name: k8s-auth, namespace: %s}
                spec:
                  hostAPI: %s
                  authentication:
                    kubernetesAuth:
                      identityId: abc
                      serviceAccountRef: {name: default, namespace: %s}
                      secretsScope: {projectSlug: floe-platform, envSlug: prod, secretsPath: /}
                  managedSecretReference: {secretName: k8s-auth, secretNamespace: %s}
                """.formatted(ns, coffer.hostApi(), ns, ns);
        Resources.apply(cluster.client, yaml);
        eventually(
                SOON,
                "not supported",
                () -> is(
                        ns,
                        "k8s-auth",
                        "secrets.infisical.com/LoadedInfisicalToken",
                        "False",
                        "AuthenticationNotSupported"));
        assertThat(condition(ns, "k8s-auth", "secrets.infisical.com/LoadedInfisicalToken")
                        .getMessage())
                .contains("kubernetesAuth")
                .contains("universalAuth");
    }

    @Test
    @Order(3)
    void anExpiredAccessTokenIsReplacedByLoggingInAgain() {
        String ns = namespace(true);
        coffer.fixtures.folder(coffer.projectId, Coffer.ENV, "/compute", "expiry");
        coffer.create("/compute/expiry", "ROTATING", BEFORE);
        Resources.apply(
                cluster.client, Resources.infisicalSecret(ns, "expiry", coffer.hostApi(), 1, "/compute/expiry", ""));
        eventually(SOON, "first sync", () -> BEFORE.equals(value(ns, "expiry", "ROTATING")));

        var writer = coffer.fixtures.machine("writer", "no-access");
        coffer.fixtures.member(coffer.projectId, writer.id(), "admin");

        clock.advance(Duration.ofDays(31)); // past the 30-day TTL of every access token given so far
        var r = coffer.server
                .api()
                .patch(
                        "/api/v3/secrets/raw/ROTATING",
                        coffer.fixtures.login(writer.clientId(), writer.clientSecret()),
                        Map.of(
                                "workspaceId",
                                coffer.projectId,
                                "environment",
                                "prod",
                                "secretPath",
                                "/compute/expiry",
                                "secretValue",
                                AFTER));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        eventually(SOON, "synced after logging in again", () -> AFTER.equals(value(ns, "expiry", "ROTATING")));
        assertThat(is(ns, "expiry", "secrets.infisical.com/LoadedInfisicalToken", "True", null))
                .isTrue();
    }

    @Test
    @Order(4)
    void refusedCredentialsAreReportedOnTheTokenConditionWithWhatToCheck() {
        String ns = namespace(false);
        cluster.secret(
                ns,
                "infisical-machine-identity",
                Map.of("clientId", coffer.machine.clientId(), "clientSecret", "revoked-or-mistyped"));
        Resources.apply(
                cluster.client, Resources.infisicalSecret(ns, "refused", coffer.hostApi(), 60, Coffer.PATH, ""));
        eventually(
                SOON,
                "the token condition is false",
                () -> is(ns, "refused", "secrets.infisical.com/LoadedInfisicalToken", "False", "TokenRejected"));
        assertThat(condition(ns, "refused", "secrets.infisical.com/LoadedInfisicalToken")
                        .getMessage())
                .contains("login")
                .contains(coffer.machine.clientId())
                .contains("client secret")
                .doesNotContain("revoked-or-mistyped");
    }

    @Test
    @Order(5)
    void whenCofferIsDownTheSecretKeepsItsDataAndTheConditionSaysWhy() {
        String ns = namespace(true);
        Resources.apply(cluster.client, Resources.infisicalSecret(ns, "outage", coffer.hostApi(), 1, Coffer.PATH, ""));
        eventually(SOON, "first sync", () -> VALUE.equals(value(ns, "outage", "WAREHOUSE_PASSWORD")));

        coffer.server.stop();
        eventually(
                SOON,
                "the condition says Coffer is unreachable",
                () -> is(ns, "outage", "secrets.infisical.com/ReadyToSyncSecrets", "False", "CofferUnreachable"));
        assertThat(condition(ns, "outage", "secrets.infisical.com/ReadyToSyncSecrets")
                        .getMessage())
                .contains("unreachable")
                .contains("keep their last synced data");
        assertThat(value(ns, "outage", "WAREHOUSE_PASSWORD")).isEqualTo(VALUE);
        assertThat(operator.metrics().text())
                .contains("coffer_operator_sync_failures_total{namespace=\"" + ns + "\",name=\"outage\"}");
        eventually(
                SOON,
                "a warning event",
                () -> cluster.client.v1().events().inNamespace(ns).list().getItems().stream()
                        .anyMatch(e -> "CofferUnreachable".equals(e.getReason())));
    }

    @Test
    @Order(6)
    void noSecretValueOrClientSecretAppearsInAnyLogLineEventOrStatus() {
        List<String> secrets = List.of(VALUE, BEFORE, AFTER, coffer.machine.clientSecret(), "revoked-or-mistyped");
        assertThat(LOGGED).as("log lines were captured").isNotEmpty();
        for (String line : LOGGED) {
            for (String s : secrets) assertThat(line).doesNotContain(s);
        }
        for (var e : cluster.client.v1().events().inAnyNamespace().list().getItems()) {
            for (String s : secrets) assertThat(e.getMessage()).doesNotContain(s);
        }
        for (var r : cluster.client
                .resources(InfisicalSecret.class)
                .inAnyNamespace()
                .list()
                .getItems()) {
            String status = Serialization.asJson(r.getStatus());
            for (String s : secrets) assertThat(status).doesNotContain(s);
        }
    }
}
