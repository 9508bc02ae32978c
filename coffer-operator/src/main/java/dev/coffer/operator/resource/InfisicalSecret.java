package dev.coffer.operator.resource;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Infisical's {@code InfisicalSecret} ({@code secrets.infisical.com/v1alpha1}), read as Infisical's own
 * operator reads it: the same resources work unchanged with Coffer's operator. The CRD that installs it
 * is {@code deploy/kubernetes/01-crd-infisicalsecrets.yaml}.
 */
@Group(InfisicalSecret.GROUP)
@Version("v1alpha1")
@Kind("InfisicalSecret")
@Plural("infisicalsecrets")
@Singular("infisicalsecret")
public class InfisicalSecret extends CustomResource<InfisicalSecretSpec, InfisicalSecretStatus> implements Namespaced {

    public static final String GROUP = "secrets.infisical.com";

    @Override
    protected InfisicalSecretSpec initSpec() {
        return new InfisicalSecretSpec();
    }

    @Override
    protected InfisicalSecretStatus initStatus() {
        return new InfisicalSecretStatus();
    }
}
