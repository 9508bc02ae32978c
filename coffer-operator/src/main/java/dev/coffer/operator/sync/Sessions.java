package dev.coffer.operator.sync;

import dev.coffer.operator.coffer.CofferApi;
import dev.coffer.operator.coffer.Session;
import dev.coffer.operator.resource.InfisicalSecret;
import dev.coffer.operator.resource.InfisicalSecretSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns a resource's {@code hostAPI}, {@code tls.caRef} and authentication into a logged-in
 * {@link Session}, reading the credentials Secret each time (so a rotated client secret or token is
 * picked up) and reusing the session — and its access token — while the credentials stay the same.
 */
final class Sessions {

    static final String UNSUPPORTED_AUTH = "AuthenticationNotSupported";

    private final KubernetesClient k8s;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, CofferApi> apis = new ConcurrentHashMap<>();

    Sessions(KubernetesClient k8s, Clock clock, Duration timeout) {
        this.k8s = k8s;
        this.clock = clock;
        this.timeout = timeout;
    }

    Session session(InfisicalSecret r) throws AuthProblem {
        InfisicalSecretSpec spec = r.getSpec();
        String ns = r.getMetadata().getNamespace();
        if (spec.hostAPI == null || spec.hostAPI.isBlank()) {
            throw new AuthProblem(
                    "HostAPIMissing",
                    "spec.hostAPI is empty: set it to Coffer's API, e.g. https://coffer.example.com/api");
        }
        InfisicalSecretSpec.Authentication auth = spec.authentication;
        if (auth == null || (auth.universalAuth == null && auth.serviceToken == null)) {
            String others = auth == null || auth.others().isEmpty()
                    ? "none"
                    : String.join(", ", auth.others().keySet());
            throw new AuthProblem(
                    UNSUPPORTED_AUTH,
                    "authentication " + others + " is not supported by Coffer's operator: use universalAuth"
                            + " (credentialsRef to a Secret with clientId and clientSecret) or serviceToken");
        }
        CofferApi api = api(spec.hostAPI, spec.tls == null ? null : spec.tls.caRef, ns);
        if (auth.universalAuth != null) {
            InfisicalSecretSpec.SecretRef ref = auth.universalAuth.credentialsRef;
            if (ref == null || ref.secretName == null) {
                throw new AuthProblem(
                        "CredentialsRefMissing",
                        "authentication.universalAuth.credentialsRef is empty: name a Secret with the keys"
                                + " clientId and clientSecret");
            }
            Map<String, String> data = secretData(ref, ns, "clientId", "clientSecret");
            String key = api.hostApi() + "|" + System.identityHashCode(api) + "|ua|" + data.get("clientId") + "|"
                    + digest(data.get("clientSecret"));
            return sessions.computeIfAbsent(
                    key, k -> Session.universalAuth(api, data.get("clientId"), data.get("clientSecret"), clock));
        }
        InfisicalSecretSpec.SecretRef ref = auth.serviceToken.serviceTokenSecretReference;
        if (ref == null || ref.secretName == null) {
            throw new AuthProblem(
                    "CredentialsRefMissing",
                    "authentication.serviceToken.serviceTokenSecretReference is empty: name a Secret with the"
                            + " key infisicalToken");
        }
        String token = secretData(ref, ns, "infisicalToken").get("infisicalToken");
        String key = api.hostApi() + "|" + System.identityHashCode(api) + "|st|" + digest(token);
        return sessions.computeIfAbsent(key, k -> Session.serviceToken(api, token, clock));
    }

    private Map<String, String> secretData(InfisicalSecretSpec.SecretRef ref, String defaultNs, String... keys)
            throws AuthProblem {
        String ns = ref.secretNamespace == null || ref.secretNamespace.isBlank() ? defaultNs : ref.secretNamespace;
        Secret s = k8s.secrets().inNamespace(ns).withName(ref.secretName).get();
        if (s == null) {
            throw new AuthProblem(
                    "CredentialsSecretNotFound",
                    "Secret " + ns + "/" + ref.secretName + " does not exist: create it with the key"
                            + (keys.length > 1 ? "s " : " ") + String.join(" and ", keys));
        }
        Map<String, String> out = new java.util.HashMap<>(ManagedObjects.decoded(s));
        for (String k : keys) {
            String v = out.get(k);
            if (v == null || v.isBlank()) {
                throw new AuthProblem(
                        "CredentialsKeyMissing",
                        "Secret " + ns + "/" + ref.secretName + " has no key " + k + ": add it");
            }
            out.put(k, v.strip());
        }
        return out;
    }

    private CofferApi api(String hostApi, InfisicalSecretSpec.CaRef caRef, String defaultNs) throws AuthProblem {
        if (caRef == null || caRef.secretName == null) {
            return apis.computeIfAbsent(hostApi, h -> new CofferApi(h, null, timeout));
        }
        String ns =
                caRef.secretNamespace == null || caRef.secretNamespace.isBlank() ? defaultNs : caRef.secretNamespace;
        String key = caRef.key == null || caRef.key.isBlank() ? "ca.crt" : caRef.key;
        Secret s = k8s.secrets().inNamespace(ns).withName(caRef.secretName).get();
        String pem = s == null ? null : ManagedObjects.decoded(s).get(key);
        if (pem == null) {
            throw new AuthProblem(
                    "CACertificateNotFound",
                    "tls.caRef: Secret " + ns + "/" + caRef.secretName + " with key " + key
                            + " does not exist: create it with the PEM certificate of Coffer's CA");
        }
        String cacheKey = hostApi + "|ca|" + digest(pem);
        CofferApi cached = apis.get(cacheKey);
        if (cached != null) return cached;
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            CofferApi api = new CofferApi(hostApi, ssl, timeout);
            apis.put(cacheKey, api);
            return api;
        } catch (Exception e) {
            throw new AuthProblem(
                    "CACertificateInvalid",
                    "tls.caRef: key " + key + " of Secret " + ns + "/" + caRef.secretName
                            + " is not a PEM certificate: " + e.getClass().getSimpleName());
        }
    }

    static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
