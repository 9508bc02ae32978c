package dev.coffer.server.secrets;

import dev.coffer.server.access.Actor;
import dev.coffer.server.errors.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the same folder looks in several environments: for every key, the environments that have it
 * (with its version) and whether the values are the same. Values are compared on the server and never
 * returned; the comparison is only made where the caller may read every value involved (else
 * {@code same} is null). Each environment is read as a listing would read it, permissions included.
 */
public final class Comparison {

    static final int MAX_ENVIRONMENTS = 10;

    /** One key in one environment: its id and version. */
    public record Presence(String id, long version) {}

    /** One key: where it is, and whether its values agree (null: not known to the caller). */
    public record Row(String key, String path, Map<String, Presence> presentIn, Boolean same) {}

    private final SecretService secrets;

    Comparison(SecretService secrets) {
        this.secrets = secrets;
    }

    public List<Row> compare(Actor actor, String project, List<String> environments, String path, boolean recursive) {
        secrets.requireProject(actor, project); // an outsider learns nothing, not even what a good request is
        Set<String> envs = new LinkedHashSet<>();
        for (String e : environments) if (!e.isBlank()) envs.add(e.trim());
        if (envs.size() < 2 || envs.size() > MAX_ENVIRONMENTS) {
            throw new ApiException.Validation(
                    "environments",
                    "'environments' must name 2 to " + MAX_ENVIRONMENTS + " environments, comma-separated (dev,prod).");
        }
        // (path, key) → env → secret, in path and key order
        Map<String, Map<String, Secret>> byKey = new TreeMap<>();
        for (String env : envs) {
            for (Secret s : secrets.list(actor, new SecretService.Location(project, env, path), recursive, false)) {
                String k = s.path() + "\u0000" + s.key();
                byKey.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(env, s);
            }
        }
        List<Row> out = new ArrayList<>(byKey.size());
        for (Map.Entry<String, Map<String, Secret>> e : byKey.entrySet()) {
            Map<String, Presence> present = new LinkedHashMap<>();
            for (String env : envs) {
                Secret s = e.getValue().get(env);
                if (s != null) present.put(env, new Presence(s.id(), s.version()));
            }
            Secret any = e.getValue().values().iterator().next();
            out.add(new Row(
                    any.key(), any.path().toString(), present, same(e.getValue().values())));
        }
        return out;
    }

    /** Whether all the values are equal; null when any of them is hidden from the caller. */
    private static Boolean same(java.util.Collection<Secret> found) {
        String first = null;
        boolean all = true;
        for (Secret s : found) {
            if (s.valueHidden()) return null;
            String v = s.value().reveal();
            if (first == null) first = v;
            else if (!first.equals(v)) all = false;
        }
        return all;
    }
}
