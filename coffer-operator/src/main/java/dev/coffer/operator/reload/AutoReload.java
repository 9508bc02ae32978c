package dev.coffer.operator.reload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rolls out the workloads that use a managed Secret when its data changed: Deployments, StatefulSets
 * and DaemonSets annotated {@code secrets.infisical.com/auto-reload: "true"} that reference the Secret
 * through {@code envFrom}, an {@code env} {@code secretKeyRef}, or a (projected) volume get a pod-template
 * annotation carrying the Secret's version. A workload whose annotation already carries that version is
 * left alone, so reconciling again never restarts anything.
 */
public final class AutoReload {

    public static final String AUTO_RELOAD = "secrets.infisical.com/auto-reload";
    static final String PREFIX = "reload.secrets.coffer.dev/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?");

    private final KubernetesClient k8s;

    public AutoReload(KubernetesClient k8s) {
        this.k8s = k8s;
    }

    /** The pod-template annotation that carries the version of Secret {@code secretName}. */
    public static String annotationFor(String secretName) {
        if (NAME.matcher(secretName).matches()) return PREFIX + secretName;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secretName.getBytes(StandardCharsets.UTF_8));
            return PREFIX + "secret-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rolls out the annotated workloads of {@code namespace} that use the Secret; returns their names. */
    public List<String> secretChanged(String namespace, String secretName, String version) {
        String key = annotationFor(secretName);
        List<String> rolled = new ArrayList<>();
        for (var d : k8s.apps().deployments().inNamespace(namespace).list().getItems()) {
            if (wants(d, d.getSpec() == null ? null : d.getSpec().getTemplate(), secretName, key, version)) {
                k8s.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(name(d))
                        .edit(x -> {
                            x.getSpec().setTemplate(stamp(x.getSpec().getTemplate(), key, version));
                            return x;
                        });
                rolled.add("deployment/" + name(d));
            }
        }
        for (var s : k8s.apps().statefulSets().inNamespace(namespace).list().getItems()) {
            if (wants(s, s.getSpec() == null ? null : s.getSpec().getTemplate(), secretName, key, version)) {
                k8s.apps()
                        .statefulSets()
                        .inNamespace(namespace)
                        .withName(name(s))
                        .edit(x -> {
                            x.getSpec().setTemplate(stamp(x.getSpec().getTemplate(), key, version));
                            return x;
                        });
                rolled.add("statefulset/" + name(s));
            }
        }
        for (var ds : k8s.apps().daemonSets().inNamespace(namespace).list().getItems()) {
            if (wants(ds, ds.getSpec() == null ? null : ds.getSpec().getTemplate(), secretName, key, version)) {
                k8s.apps()
                        .daemonSets()
                        .inNamespace(namespace)
                        .withName(name(ds))
                        .edit(x -> {
                            x.getSpec().setTemplate(stamp(x.getSpec().getTemplate(), key, version));
                            return x;
                        });
                rolled.add("daemonset/" + name(ds));
            }
        }
        return rolled;
    }

    private static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }

    private static boolean wants(HasMetadata w, PodTemplateSpec t, String secretName, String key, String version) {
        Map<String, String> a = w.getMetadata().getAnnotations();
        if (a == null || !"true".equalsIgnoreCase(a.get(AUTO_RELOAD)) || t == null) return false;
        Map<String, String> ta =
                t.getMetadata() == null ? null : t.getMetadata().getAnnotations();
        if (ta != null && version.equals(ta.get(key))) return false;
        return uses(t.getSpec(), secretName);
    }

    private static PodTemplateSpec stamp(PodTemplateSpec t, String key, String version) {
        if (t.getMetadata() == null) t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        Map<String, String> a = new LinkedHashMap<>(
                t.getMetadata().getAnnotations() == null
                        ? Map.of()
                        : t.getMetadata().getAnnotations());
        a.put(key, version);
        t.getMetadata().setAnnotations(a);
        return t;
    }

    /** Whether the pod spec reads the Secret through envFrom, env, or a volume. */
    static boolean uses(PodSpec spec, String secretName) {
        if (spec == null) return false;
        UnaryOperator<List<Container>> orEmpty = l -> l == null ? List.of() : l;
        List<Container> containers = Stream.of(
                        orEmpty.apply(spec.getContainers()), orEmpty.apply(spec.getInitContainers()))
                .flatMap(List::stream)
                .toList();
        for (Container c : containers) {
            for (EnvFromSource f : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                if (f.getSecretRef() != null
                        && secretName.equals(f.getSecretRef().getName())) return true;
            }
            for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                if (e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null
                        && secretName.equals(e.getValueFrom().getSecretKeyRef().getName())) return true;
            }
        }
        for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
            if (v.getSecret() != null && secretName.equals(v.getSecret().getSecretName())) return true;
            if (v.getProjected() != null && v.getProjected().getSources() != null) {
                for (VolumeProjection p : v.getProjected().getSources()) {
                    if (p.getSecret() != null
                            && Objects.equals(secretName, p.getSecret().getName())) return true;
                }
            }
        }
        return false;
    }
}
