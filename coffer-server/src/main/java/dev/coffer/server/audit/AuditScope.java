package dev.coffer.server.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the current request touched, filled in as a side effect of authorizing it: the
 * {@code Authorizer} names every project, environment, folder and secret it is asked about, and the
 * login names the identity that tried. The pipeline opens a scope around each request and turns it
 * into the request's {@link AuditEvent}, so no handler records anything by hand. Only names and ids
 * are kept, never values. Outside a request (a command, a test of a service) the calls do nothing.
 */
public final class AuditScope {

    private static final ThreadLocal<AuditScope> CURRENT = new ThreadLocal<>();

    /** At most this many secret names are kept per request; a larger listing says how many it left off. */
    static final int MAX_SECRET_NAMES = 1000;

    private String projectId;
    private String environment;
    private String secretPath;
    private final Set<String> secretNames = new LinkedHashSet<>();
    /**
     * The names of a kept listing, noted whole ({@link #listed}) while no other name is: the list itself,
     * not a copy of it name by name (a list of 50 secrets built a set of 50 for every request).
     */
    private List<String> listedNames;
    /** The distinct names past the cap, only to count them (a listing asks about each name more than once). */
    private Set<String> secretNamesLeftOff;

    private String actorId;
    private String actorKind;
    private String actorName;
    private String orgId;

    private AuditScope() {}

    /** Opens the scope of a request on this thread; {@link #end()} closes it. */
    public static AuditScope begin() {
        AuditScope scope = new AuditScope();
        CURRENT.set(scope);
        return scope;
    }

    /** Closes the scope of this thread. */
    public static void end() {
        CURRENT.remove();
    }

    /**
     * Notes a resource the request asked about: the project (its id), the environment slug, the folder
     * path and the secret's name, each null when unknown. The first project, environment and path are
     * kept; every secret name is.
     */
    public static void touched(String projectId, String environment, String secretPath, String secretName) {
        AuditScope s = CURRENT.get();
        if (s == null) return;
        if (s.projectId == null) s.projectId = projectId;
        if (s.environment == null) s.environment = environment;
        if (s.secretPath == null) s.secretPath = secretPath;
        if (secretName == null) return;
        if (s.listedNames != null) {
            s.secretNames.addAll(s.listedNames); // another name after a listing: noted one by one from here
            s.listedNames = null;
        }
        // one lookup for the common case: a listing names each of its secrets once
        if (s.secretNames.size() < MAX_SECRET_NAMES) s.secretNames.add(secretName);
        else if (!s.secretNames.contains(secretName)) {
            if (s.secretNamesLeftOff == null) s.secretNamesLeftOff = new HashSet<>();
            s.secretNamesLeftOff.add(secretName);
        }
    }

    /**
     * Notes the secrets of a listing whose answer was kept (an immutable list of distinct names, in the
     * order the listing shows them), in {@code projectId}, {@code environment} and {@code secretPath}:
     * what {@link #touched} notes for each of them in turn, without copying the list when it is the
     * first the request names.
     */
    public static void listed(String projectId, String environment, String secretPath, List<String> names) {
        AuditScope s = CURRENT.get();
        if (s == null) return;
        touched(projectId, environment, secretPath, null);
        if (s.secretNames.isEmpty() && s.listedNames == null && names.size() <= MAX_SECRET_NAMES) {
            s.listedNames = names;
            return;
        }
        for (String name : names) touched(projectId, environment, secretPath, name);
    }

    /** Notes who a request that carries no token acted as (a login names the identity it tried). */
    public static void actor(String kind, String id, String name, String orgId) {
        AuditScope s = CURRENT.get();
        if (s == null) return;
        s.actorKind = kind;
        s.actorId = id;
        s.actorName = name;
        s.orgId = orgId;
    }

    public String projectId() {
        return projectId;
    }

    public String environment() {
        return environment;
    }

    public String secretPath() {
        return secretPath;
    }

    public List<String> secretNames() {
        if (listedNames != null) return listedNames;
        return new ArrayList<>(secretNames);
    }

    public int secretNamesLeftOff() {
        return secretNamesLeftOff == null ? 0 : secretNamesLeftOff.size();
    }

    public String actorKind() {
        return actorKind;
    }

    public String actorId() {
        return actorId;
    }

    public String actorName() {
        return actorName;
    }

    public String orgId() {
        return orgId;
    }
}
