package dev.coffer.operator.sync;

import dev.coffer.operator.resource.InfisicalSecret;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the Secrets and ConfigMaps an {@code InfisicalSecret} manages: creates them when missing,
 * rewrites their data when it differs (a change in Coffer, or a hand edit), leaves them alone when it
 * does not. Each carries the operator's label (what its informer watches), the resource it belongs to
 * and the version (digest) of its data. {@code Owner} adds an ownerReference (same namespace only:
 * Kubernetes has no cross-namespace owners); {@code Orphan} does not.
 */
public final class ManagedObjects {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "coffer-operator";
    public static final String OWNER_ANNOTATION = "secrets.coffer.dev/managed-by-resource";
    public static final String VERSION_ANNOTATION = "secrets.infisical.com/version";

    /** What applying did. */
    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    private final KubernetesClient k8s;

    public ManagedObjects(KubernetesClient k8s) {
        this.k8s = k8s;
    }

    /** The digest of a Secret's data, decoded, as {@link Desired#version} computes it. */
    public static String versionOf(Secret s) {
        return Desired.version(decoded(s));
    }

    static Map<String, String> decoded(Secret s) {
        Map<String, String> out = new HashMap<>();
        if (s.getData() != null)
            s.getData()
                    .forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        if (s.getStringData() != null) out.putAll(s.getStringData());
        return out;
    }

    Outcome secret(InfisicalSecret owner, String name, String namespace, String type, boolean own, Desired d) {
        Map<String, String> encoded = new LinkedHashMap<>();
        d.data()
                .forEach((k, v) ->
                        encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        String version = Desired.version(d.data());
        Secret existing = k8s.secrets().inNamespace(namespace).withName(name).get();
        if (existing != null
                && existing.getType() != null
                && !existing.getType().equals(type)
                && managedBy(existing, owner)) {
            // a Secret's type cannot change in place
            k8s.resource(existing).delete();
            existing = null;
        }
        if (existing == null) {
            Secret s = new SecretBuilder()
                    .withMetadata(meta(owner, name, namespace, own, version, null))
                    .withType(type)
                    .withData(encoded)
                    .build();
            k8s.resource(s).create();
            return Outcome.CREATED;
        }
        boolean same = decoded(existing).equals(d.data())
                && version.equals(annotation(existing, VERSION_ANNOTATION))
                && managedBy(existing, owner)
                && ownerMatches(existing, owner, own);
        if (same) return Outcome.UNCHANGED;
        boolean dataChanged = !decoded(existing).equals(d.data());
        Secret updated = new SecretBuilder(existing)
                .withMetadata(meta(owner, name, namespace, own, version, existing.getMetadata()))
                .withData(encoded)
                .withStringData(null)
                .build();
        k8s.resource(updated).update();
        return dataChanged ? Outcome.UPDATED : Outcome.UNCHANGED;
    }

    Outcome configMap(InfisicalSecret owner, String name, String namespace, boolean own, Desired d) {
        String version = Desired.version(d.data());
        ConfigMap existing =
                k8s.configMaps().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            k8s.resource(new ConfigMapBuilder()
                            .withMetadata(meta(owner, name, namespace, own, version, null))
                            .withData(d.data())
                            .build())
                    .create();
            return Outcome.CREATED;
        }
        Map<String, String> current = existing.getData() == null ? Map.of() : existing.getData();
        if (current.equals(d.data())
                && version.equals(annotation(existing, VERSION_ANNOTATION))
                && managedBy(existing, owner)
                && ownerMatches(existing, owner, own)) return Outcome.UNCHANGED;
        k8s.resource(new ConfigMapBuilder(existing)
                        .withMetadata(meta(owner, name, namespace, own, version, existing.getMetadata()))
                        .withData(d.data())
                        .build())
                .update();
        return current.equals(d.data()) ? Outcome.UNCHANGED : Outcome.UPDATED;
    }

    static String ownerKey(InfisicalSecret owner) {
        return owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName();
    }

    private static boolean managedBy(HasMetadata o, InfisicalSecret owner) {
        return ownerKey(owner).equals(annotation(o, OWNER_ANNOTATION))
                && MANAGED_BY.equals(
                        o.getMetadata().getLabels() == null
                                ? null
                                : o.getMetadata().getLabels().get(MANAGED_BY_LABEL));
    }

    private static boolean ownerMatches(HasMetadata o, InfisicalSecret owner, boolean own) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        boolean has = refs != null
                && refs.stream()
                        .anyMatch(r ->
                                Objects.equals(r.getUid(), owner.getMetadata().getUid()));
        return has == own;
    }

    static String annotation(HasMetadata o, String name) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? null : a.get(name);
    }

    private static ObjectMeta meta(
            InfisicalSecret owner, String name, String namespace, boolean own, String version, ObjectMeta base) {
        ObjectMeta m = base == null ? new ObjectMeta() : base;
        m.setName(name);
        m.setNamespace(namespace);
        Map<String, String> labels = new LinkedHashMap<>(m.getLabels() == null ? Map.of() : m.getLabels());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        m.setLabels(labels);
        Map<String, String> ann = new LinkedHashMap<>(m.getAnnotations() == null ? Map.of() : m.getAnnotations());
        ann.put(OWNER_ANNOTATION, ownerKey(owner));
        ann.put(VERSION_ANNOTATION, version);
        m.setAnnotations(ann);
        List<OwnerReference> refs =
                new java.util.ArrayList<>(m.getOwnerReferences() == null ? List.of() : m.getOwnerReferences());
        refs.removeIf(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
        if (own) {
            refs.add(new OwnerReferenceBuilder()
                    .withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind())
                    .withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(false)
                    .build());
        }
        m.setOwnerReferences(refs);
        return m;
    }
}
