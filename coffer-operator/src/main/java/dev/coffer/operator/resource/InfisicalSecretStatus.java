package dev.coffer.operator.resource;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator reports: Infisical's condition types, and what {@code kubectl get infisicalsecrets}
 * shows (project, environment, path, number of keys, last sync). Names and counts only, never values.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InfisicalSecretStatus {
    public List<Condition> conditions = new ArrayList<>();
    public String project;
    public String environment;
    public String secretsPath;
    public Integer secretsCount;
    public String lastSyncTime;
    /** Coffer secret names that are not valid Kubernetes Secret keys, so were not written. */
    public List<String> invalidKeys;

    public Long observedGeneration;
}
