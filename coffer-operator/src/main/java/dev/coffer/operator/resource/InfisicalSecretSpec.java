package dev.coffer.operator.resource;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec of an {@code InfisicalSecret}, field for field as Infisical names them. Fields Coffer does
 * not use (the legacy {@code tokenSecretReference}, other authentication kinds) are accepted; an
 * authentication kind other than universal auth or a service token is reported in the status.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InfisicalSecretSpec {

    /** Coffer's API, ending in {@code /api} (e.g. {@code https://coffer.example.com/api}). */
    public String hostAPI;

    /** Seconds between polls (the safety net when change events are on). */
    public Integer resyncInterval;

    public Boolean instantUpdates;
    public SyncConfig syncConfig;
    public Tls tls;
    public Authentication authentication;
    public ManagedSecret managedSecretReference;
    public List<ManagedSecret> managedKubeSecretReferences = new ArrayList<>();
    public List<ManagedConfigMap> managedKubeConfigMapReferences = new ArrayList<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SyncConfig {
        /** A duration: {@code 60}, {@code 60s}, {@code 5m}, {@code 1h}. */
        public String resyncInterval;

        public Boolean instantUpdates;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Tls {
        public CaRef caRef;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CaRef {
        public String secretName;
        public String secretNamespace;
        public String key;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretRef {
        public String secretName;
        public String secretNamespace;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Authentication {
        public UniversalAuth universalAuth;
        public ServiceToken serviceToken;

        /** Other kinds (kubernetesAuth, awsIamAuth, …): kept so they can be named in the status. */
        private final Map<String, Object> others = new LinkedHashMap<>();

        @JsonAnySetter
        public void other(String name, Object value) {
            others.put(name, value);
        }

        @JsonAnyGetter
        public Map<String, Object> others() {
            return others;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class UniversalAuth {
        /** A Secret with the keys {@code clientId} and {@code clientSecret}. */
        public SecretRef credentialsRef;

        public SecretsScope secretsScope;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ServiceToken {
        /** A Secret with the key {@code infisicalToken}. */
        public SecretRef serviceTokenSecretReference;

        public SecretsScope secretsScope;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretsScope {
        public String projectSlug;
        public String projectId;
        public String envSlug;
        public String secretsPath;
        public Boolean recursive;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Template {
        public Boolean includeAllSecrets;
        public Map<String, String> data;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ManagedSecret {
        public String secretName;
        public String secretNamespace;
        public String secretType;
        /** {@code Orphan} (default: the Secret outlives the resource) or {@code Owner}. */
        public String creationPolicy;

        public Template template;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ManagedConfigMap {
        public String configMapName;
        public String configMapNamespace;
        public String creationPolicy;
        public Template template;
    }
}
