package dev.coffer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.operator.resource.InfisicalSecret;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode (it stores, lists, patches and
 * watches what it is sent, as an API server does) with the operator's CRD applied from
 * {@code deploy/kubernetes/}.
 */
final class Cluster implements AutoCloseable {

    static final Path DEPLOY = locate("deploy/kubernetes");

    final KubernetesMockServer server;
    final KubernetesClient client;

    Cluster() {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = server.createClient();
        for (HasMetadata crd : load("01-crd-infisicalsecrets.yaml"))
            client.resource(crd).create();
    }

    static Path locate(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(relative))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException(relative + " not found above the working directory");
        return dir.resolve(relative);
    }

    List<HasMetadata> load(String file) {
        try (InputStream in = Files.newInputStream(DEPLOY.resolve(file))) {
            return client.load(in).items();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void namespace(String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
    }

    void secret(String namespace, String name, Map<String, String> data) {
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withStringData(data)
                        .build())
                .create();
    }

    /** The decoded value under {@code key} of Secret {@code name}, or null while there is no such Secret. */
    String secretValue(String namespace, String name, String key) {
        var s = client.secrets().inNamespace(namespace).withName(name).get();
        if (s == null) return null;
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    InfisicalSecret resource(String namespace, String name) {
        return client.resources(InfisicalSecret.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    /** Waits until {@code check} gives true (up to {@code within}), else fails with {@code what}. */
    static void eventually(Duration within, String what, Supplier<Boolean> check) {
        long end = System.nanoTime() + within.toNanos();
        Throwable last = null;
        while (System.nanoTime() < end) {
            try {
                if (Boolean.TRUE.equals(check.get())) return;
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(false)
                .as(what + (last == null ? "" : " (last: " + last + ")"))
                .isTrue();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
