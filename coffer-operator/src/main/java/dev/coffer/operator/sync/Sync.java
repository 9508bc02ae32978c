package dev.coffer.operator.sync;

import dev.coffer.operator.reload.AutoReload;
import dev.coffer.operator.resource.InfisicalSecret;
import dev.coffer.operator.resource.InfisicalSecretSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes one listing of secrets into every object a resource manages, and rolls out what changed. */
final class Sync {

    record Result(int keys, List<String> invalidKeys, List<String> targets, List<String> reloaded) {}

    private final ManagedObjects objects;
    private final AutoReload reload;

    Sync(ManagedObjects objects, AutoReload reload) {
        this.objects = objects;
        this.reload = reload;
    }

    Result apply(InfisicalSecret r, InfisicalSecretSpec spec, Map<String, Template.Item> items) {
        String ns = r.getMetadata().getNamespace();
        List<InfisicalSecretSpec.ManagedSecret> secrets = new ArrayList<>();
        if (spec.managedSecretReference != null && spec.managedSecretReference.secretName != null)
            secrets.add(spec.managedSecretReference);
        if (spec.managedKubeSecretReferences != null) secrets.addAll(spec.managedKubeSecretReferences);
        int keys = 0;
        Set<String> invalid = new LinkedHashSet<>();
        List<String> targets = new ArrayList<>();
        List<String> reloaded = new ArrayList<>();
        for (InfisicalSecretSpec.ManagedSecret m : secrets) {
            if (m.secretName == null || m.secretName.isBlank()) continue;
            String namespace = blank(m.secretNamespace) ? ns : m.secretNamespace;
            String type = blank(m.secretType) ? "Opaque" : m.secretType;
            Desired d = Desired.of(items, m.template);
            boolean own = "Owner".equalsIgnoreCase(m.creationPolicy) && namespace.equals(ns);
            ManagedObjects.Outcome outcome = objects.secret(r, m.secretName, namespace, type, own, d);
            if (outcome == ManagedObjects.Outcome.UPDATED) {
                reloaded.addAll(reload.secretChanged(namespace, m.secretName, Desired.version(d.data())));
            }
            keys = Math.max(keys, d.data().size());
            invalid.addAll(d.invalidKeys());
            targets.add("secret/" + namespace + "/" + m.secretName);
        }
        if (spec.managedKubeConfigMapReferences != null) {
            for (InfisicalSecretSpec.ManagedConfigMap m : spec.managedKubeConfigMapReferences) {
                if (m.configMapName == null || m.configMapName.isBlank()) continue;
                String namespace = blank(m.configMapNamespace) ? ns : m.configMapNamespace;
                Desired d = Desired.of(items, m.template);
                boolean own = "Owner".equalsIgnoreCase(m.creationPolicy) && namespace.equals(ns);
                objects.configMap(r, m.configMapName, namespace, own, d);
                keys = Math.max(keys, d.data().size());
                invalid.addAll(d.invalidKeys());
                targets.add("configmap/" + namespace + "/" + m.configMapName);
            }
        }
        return new Result(keys, List.copyOf(invalid), targets, reloaded);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
