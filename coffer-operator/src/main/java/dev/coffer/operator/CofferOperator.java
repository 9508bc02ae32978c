package dev.coffer.operator;

import dev.coffer.operator.metrics.Metrics;
import dev.coffer.operator.sync.InfisicalSecretReconciler;
import dev.coffer.operator.sync.SyncSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The running operator: java-operator-sdk's {@link Operator} with the {@code InfisicalSecret} reconciler
 * registered for all namespaces or the given ones, and the metrics. {@link #close()} stops it.
 */
public final class CofferOperator implements AutoCloseable {

    private final Operator operator;
    private final InfisicalSecretReconciler reconciler;
    private final Metrics metrics;

    private CofferOperator(Operator operator, InfisicalSecretReconciler reconciler, Metrics metrics) {
        this.operator = operator;
        this.reconciler = reconciler;
        this.metrics = metrics;
    }

    /**
     * Starts syncing.
     *
     * @param namespaces the namespaces whose resources it syncs; empty for all
     */
    public static CofferOperator start(
            KubernetesClient k8s, Set<String> namespaces, SyncSettings settings, Metrics metrics) {
        Operator operator = new Operator(o -> o.withKubernetesClient(k8s)
                .withCloseClientOnStop(false)
                // status is patched as a JSON merge patch, which every API server (and the test double) has
                .withUseSSAToPatchPrimaryResource(false)
                .withStopOnInformerErrorDuringStartup(true)
                .withCacheSyncTimeout(Duration.ofMinutes(2)));
        InfisicalSecretReconciler reconciler = new InfisicalSecretReconciler(k8s, Clock.systemUTC(), settings, metrics);
        operator.register(reconciler, c -> {
            c.withGenerationAware(true);
            if (namespaces.isEmpty()) c.watchingAllNamespaces();
            else c.settingNamespaces(namespaces);
        });
        operator.start();
        return new CofferOperator(operator, reconciler, metrics);
    }

    public Metrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        reconciler.close();
        operator.stop();
    }
}
