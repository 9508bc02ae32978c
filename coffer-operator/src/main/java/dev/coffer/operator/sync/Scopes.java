package dev.coffer.operator.sync;

import dev.coffer.operator.resource.InfisicalSecretSpec;

/** The secrets scope of a resource's authentication, checked: a project (id or slug), an environment, a path. */
final class Scopes {

    /** {@code project} is null only for a service token (its project is the token's). */
    record Scope(String project, boolean bySlug, String environment, String path, boolean recursive) {}

    private Scopes() {}

    static Scope of(InfisicalSecretSpec spec) throws AuthProblem {
        InfisicalSecretSpec.Authentication auth = spec.authentication;
        boolean universal = auth.universalAuth != null;
        InfisicalSecretSpec.SecretsScope s =
                universal ? auth.universalAuth.secretsScope : auth.serviceToken.secretsScope;
        String where =
                universal ? "authentication.universalAuth.secretsScope" : "authentication.serviceToken.secretsScope";
        if (s == null)
            throw new AuthProblem(
                    "SecretsScopeMissing",
                    where + " is missing: give envSlug and secretsPath"
                            + (universal ? ", and projectSlug or projectId" : ""));
        if (blank(s.envSlug))
            throw new AuthProblem(
                    "SecretsScopeIncomplete", where + ".envSlug is empty: name the environment (e.g. prod)");
        String project = null;
        boolean bySlug = false;
        if (!blank(s.projectId)) {
            project = s.projectId.strip();
        } else if (!blank(s.projectSlug)) {
            project = s.projectSlug.strip();
            bySlug = true;
        } else if (universal) {
            throw new AuthProblem("SecretsScopeIncomplete", where + " names no project: set projectSlug or projectId");
        }
        String path = blank(s.secretsPath) ? "/" : s.secretsPath.strip();
        if (!path.startsWith("/")) path = "/" + path;
        return new Scope(project, bySlug, s.envSlug.strip(), path, Boolean.TRUE.equals(s.recursive));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
