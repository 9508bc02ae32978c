package dev.coffer.operator;

import dev.coffer.operator.resource.InfisicalSecret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Resources as a team writes them: InfisicalSecret YAML in Infisical's shape, and Deployments. */
final class Resources {

    private Resources() {}

    /**
     * The issue's {@code InfisicalSecret}, in {@code namespace}, reading {@code secretsPath} with a
     * resync interval of {@code resync} seconds; {@code managed} is the YAML of the
     * managedSecretReference's extra fields (indented by four spaces), or empty.
     */
    static String infisicalSecret(
            String namespace, String name, String hostApi, int resync, String secretsPath, String managed) {
        return """
                apiVersion: secrets.infisical.com/v1alpha1
                kind: InfisicalSecret
                metadata: {name: %s, namespace: %s}
                spec:
                  hostAPI: %s
                  resyncInterval: %d
                  authentication:
                    universalAuth:
                      credentialsRef: {secretName: infisical-machine-identity, secretNamespace: %s}
                      secretsScope: {projectSlug: floe-platform, envSlug: prod, secretsPath: %s}
                  managedSecretReference:
                    secretName: %s
                    secretNamespace: %s
                %s
                """.formatted(name, namespace, hostApi, resync, namespace, secretsPath, name, namespace, managed);
    }

    static InfisicalSecret apply(KubernetesClient k8s, String yaml) {
        InfisicalSecret r = k8s.resources(InfisicalSecret.class)
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .item();
        return k8s.resource(r).create();
    }

    /** A Deployment whose container reads Secret {@code secret} through envFrom. */
    static Deployment deployment(String namespace, String name, String secret, boolean autoReload) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withAnnotations(autoReload ? Map.of("secrets.infisical.com/auto-reload", "true") : Map.of())
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("job")
                .withImage("busybox")
                .addNewEnvFrom()
                .withNewSecretRef()
                .withName(secret)
                .endSecretRef()
                .endEnvFrom()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
