package dev.coffer.operator.sync;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;

/** Infisical's condition types, set so that a condition's transition time moves only when its status does. */
final class Conditions {

    static final String LOADED_TOKEN = "secrets.infisical.com/LoadedInfisicalToken";
    static final String READY = "secrets.infisical.com/ReadyToSyncSecrets";
    static final String AUTO_REDEPLOY = "secrets.infisical.com/AutoRedeployReady";

    private Conditions() {}

    static void set(
            List<Condition> conditions,
            String type,
            boolean ok,
            String reason,
            String message,
            Long generation,
            Instant now) {
        String status = ok ? "True" : "False";
        Condition existing = conditions.stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
        String since = existing != null && status.equals(existing.getStatus())
                ? existing.getLastTransitionTime()
                : now.toString();
        conditions.removeIf(c -> type.equals(c.getType()));
        conditions.add(new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(since)
                .build());
        conditions.sort(java.util.Comparator.comparing(Condition::getType));
    }

    static boolean isTrue(List<Condition> conditions, String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
