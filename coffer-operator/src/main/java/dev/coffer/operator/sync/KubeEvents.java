package dev.coffer.operator.sync;

import dev.coffer.operator.resource.InfisicalSecret;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kubernetes Events on an {@code InfisicalSecret} ({@code kubectl describe} shows them): one per new
 * failure or recovery, not one per retry of the same failure. Messages are the conditions' messages:
 * names, never values.
 */
final class KubeEvents {

    private static final Logger LOG = Logger.getLogger(KubeEvents.class.getName());
    private final KubernetesClient k8s;
    private final Map<String, String> last = new ConcurrentHashMap<>();

    KubeEvents(KubernetesClient k8s) {
        this.k8s = k8s;
    }

    void warning(InfisicalSecret r, String reason, String message) {
        emit(r, "Warning", reason, message);
    }

    void normal(InfisicalSecret r, String reason, String message) {
        emit(r, "Normal", reason, message);
    }

    void forget(String resource) {
        last.remove(resource);
    }

    private void emit(InfisicalSecret r, String type, String reason, String message) {
        String key = ManagedObjects.ownerKey(r);
        String what = type + "|" + reason + "|" + message;
        if (what.equals(last.put(key, what))) return;
        String now = Instant.now().toString();
        Event e = new EventBuilder()
                .withNewMetadata()
                .withName(r.getMetadata().getName() + "."
                        + UUID.randomUUID().toString().substring(0, 8))
                .withNamespace(r.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(r.getApiVersion())
                        .withKind(r.getKind())
                        .withName(r.getMetadata().getName())
                        .withNamespace(r.getMetadata().getNamespace())
                        .withUid(r.getMetadata().getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withNewSource("coffer-operator", null)
                .build();
        try {
            k8s.v1()
                    .events()
                    .inNamespace(r.getMetadata().getNamespace())
                    .resource(e)
                    .create();
        } catch (KubernetesClientException ex) {
            LOG.log(Level.FINE, "could not record event {0} on {1}: {2}", new Object[] {reason, key, ex.getMessage()});
        }
    }
}
