package dev.coffer.server.docs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each route of the router's table is for: its tag (the group it is listed under) and a one-line
 * summary, keyed by method and template exactly as the router lists them. The reference shows only
 * routes of the table; a route without an entry here is listed as not yet described, and the reference's
 * test fails until it has one.
 */
public final class RouteCatalog {

    /** A tag and the one-line summary of a route. */
    public record Entry(String tag, String summary) {}

    /** The tags in the order the reference lists them, with what each group is about. */
    public static final Map<String, String> TAGS = tags();

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        String t = "Instance";
        one(t, "GET", "/api/status", "Whether the server is up, its version and time; needs no token.");
        one(
                t,
                "POST",
                "/api/v1/admin/bootstrap",
                "Set up a new instance once: the first user, an organization and "
                        + "an admin machine identity, whose token is answered once.");
        one(
                t,
                "POST",
                "/api/v1/admin/bootstrap/token",
                "A new token for the organization's first admin identity, with the bootstrap user's "
                        + "email and password (the bootstrap token expires); revokeOthers=true rotates.");
        one(
                t,
                "GET",
                "/api/v1/admin/bootstrap/tokens",
                "The instance's live bootstrap tokens (id, identity, times; never the token), for the instance admin.");
        one(
                t,
                "POST",
                "/api/v1/admin/bootstrap/tokens",
                "A new bootstrap token minted by the logged-in instance admin; revokeOthers=true revokes the rest.");

        t = "Universal auth";
        one(
                t,
                "POST",
                "/api/v1/auth/universal-auth/login",
                "Log in with a client id and client secret; answers a " + "short-lived access token.");
        one(t, "POST", "/api/v1/auth/token/renew", "Renew an access token (up to its maximum lifetime).");
        one(t, "POST", "/api/v1/auth/token/revoke", "Revoke an access token.");
        String ua = "/api/v1/auth/universal-auth/identities/{id}";
        one(t, "POST", ua, "Attach universal auth to an identity: token lifetimes, use limits, trusted IPs, lockout.");
        one(t, "GET", ua, "An identity's universal-auth settings and client id.");
        one(t, "PATCH", ua, "Change an identity's universal-auth settings.");
        one(t, "DELETE", ua, "Remove universal auth from an identity; its client secrets stop working.");
        one(t, "POST", ua + "/client-secrets", "Create a client secret; its value is answered once.");
        one(t, "GET", ua + "/client-secrets", "An identity's client secrets (never their values).");
        one(t, "GET", ua + "/client-secrets/{secretId}", "One client secret's details (never its value).");
        one(t, "POST", ua + "/client-secrets/{secretId}/revoke", "Revoke a client secret.");

        t = "Identities";
        one(
                t,
                "POST",
                "/api/v1/identities",
                "Create a machine identity in an organization, with an organization role.");
        one(t, "GET", "/api/v1/identities", "The organization's machine identities.");
        one(t, "GET", "/api/v1/identities/{id}", "One machine identity.");
        one(t, "PATCH", "/api/v1/identities/{id}", "Rename a machine identity or change its organization role.");
        one(t, "DELETE", "/api/v1/identities/{id}", "Delete a machine identity, its credentials and memberships.");

        t = "People";
        one(
                t,
                "POST",
                "/api/v1/auth/login",
                "Log in as a person with email and password; answers an access token "
                        + "and a refresh token (a session in one organization).");
        one(
                t,
                "POST",
                "/api/v1/auth/token",
                "New access and refresh tokens for a refresh token (which then stops working).");
        one(t, "POST", "/api/v1/auth/logout", "End the session the access token belongs to.");
        one(t, "GET", "/api/v1/auth/sessions", "The caller's live sessions.");
        one(t, "DELETE", "/api/v1/auth/sessions/{id}", "End one of the caller's sessions.");
        one(t, "POST", "/api/v1/password/change", "Change the caller's password; the caller's other sessions end.");
        one(
                t,
                "POST",
                "/api/v1/organization/{orgId}/invite",
                "Invite a person by email with an organization role; "
                        + "answers a single-use token valid for 7 days.");
        one(
                t,
                "POST",
                "/api/v1/invite-org/signup",
                "Invite several emails with one role (Infisical's shape); " + "answers a token for each.");
        one(t, "POST", "/api/v1/invite-org/accept", "Accept an invitation with a password; answers a session.");
        one(t, "POST", "/api/v1/organization", "Create an organization (the instance admin only).");
        one(t, "GET", "/api/v1/organization", "The organizations the caller belongs to.");
        String members = "/api/v2/organizations/{orgId}/memberships";
        one(t, "GET", members, "The people of an organization with their roles.");
        one(t, "PATCH", members + "/{membershipId}", "Change a person's organization role, or deactivate them.");
        one(t, "DELETE", members + "/{membershipId}", "Remove a person from an organization.");

        t = "Projects";
        all(
                t,
                "POST",
                List.of("/api/v2/workspace", "/api/v1/projects", "/api/v1/workspace"),
                "Create a project; environments dev, staging and prod come with it.");
        all(t, "GET", List.of("/api/v1/projects", "/api/v1/workspace"), "The projects the caller may see.");
        all(t, "GET", List.of("/api/v1/projects/{id}", "/api/v1/workspace/{id}"), "One project by id.");
        all(
                t,
                "GET",
                List.of("/api/v1/projects/slug/{slug}", "/api/v2/workspace/{slug}"),
                "One project by slug (or id).");
        all(
                t,
                "DELETE",
                List.of("/api/v1/projects/{id}", "/api/v1/workspace/{id}", "/api/v2/workspace/{slug}"),
                "Delete a project with its environments, folders, secrets and history.");

        t = "Environments";
        for (String base :
                List.of("/api/v1/workspace/{projectId}/environments", "/api/v1/projects/{projectId}/environments")) {
            one(t, "POST", base, "Create an environment, optionally at a position.");
            one(t, "PATCH", base + "/{envId}", "Rename an environment, change its slug or move it.");
            one(t, "DELETE", base + "/{envId}", "Delete an environment with its folders and secrets.");
        }

        t = "Folders";
        for (String base : List.of("/api/v1/folders", "/api/v2/folders")) {
            one(t, "POST", base, "Create a folder (and missing parents); an existing folder is answered with 200.");
            one(t, "GET", base, "The folders under a path (recursive=true for the whole subtree).");
            one(t, "GET", base + "/{id}", "One folder by id.");
            one(t, "PATCH", base + "/{id}", "Rename a folder.");
            one(t, "DELETE", base + "/{idOrName}", "Delete a folder (by id or name) with its subtree.");
        }

        t = "Identity memberships";
        for (String base : List.of(
                "/api/v2/workspace/{projectId}/identity-memberships",
                "/api/v1/projects/{projectId}/identity-memberships")) {
            one(t, "GET", base, "The machine identities of a project with their roles.");
            one(t, "POST", base + "/{identityId}", "Add a machine identity to a project with a role.");
            one(t, "GET", base + "/{identityId}", "One identity's membership of a project.");
            one(t, "PATCH", base + "/{identityId}", "Change an identity's project role.");
            one(t, "DELETE", base + "/{identityId}", "Remove a machine identity from a project.");
        }
        for (String base :
                List.of("/api/v1/workspace/{projectId}/memberships", "/api/v1/projects/{projectId}/memberships")) {
            one(t, "GET", base, "The people who are members of a project, with their roles.");
            one(t, "POST", base + "/details", "One person's membership of a project, by username (email).");
            one(t, "PATCH", base + "/{membershipId}", "Change a person's project roles.");
            one(t, "DELETE", base + "/{membershipId}", "Remove a person from a project.");
        }
        for (String base :
                List.of("/api/v2/workspace/{projectId}/memberships", "/api/v1/projects/{projectId}/memberships")) {
            one(t, "POST", base, "Add people (members of the organization) to a project by email, with roles.");
            one(t, "DELETE", base, "Remove people from a project by email.");
        }

        t = "Project roles";
        for (String base : List.of("/api/v1/workspace/{projectSlug}/roles", "/api/v2/workspace/{projectId}/roles")) {
            one(t, "POST", base, "Create a custom project role from permission rules.");
            one(t, "GET", base, "The project's custom roles (without their rules).");
            one(t, "GET", base + "/slug/{roleSlug}", "One role with its rules, by slug (built-in ones too).");
            one(t, "PATCH", base + "/{roleId}", "Change a custom role's slug, name, description or rules.");
            one(t, "DELETE", base + "/{roleId}", "Delete a custom role no membership holds.");
        }

        for (String base : List.of("/api/v3/secrets/raw", "/api/v4/secrets")) {
            t = base.contains("v3") ? "Secrets (v3)" : "Secrets (v4)";
            one(t, "GET", base, "The secrets of a folder (recursive, references expanded, values shown or hidden).");
            one(t, "GET", base + "/{name}", "One secret; ?version=N for an earlier value; ETag and If-None-Match.");
            one(t, "POST", base + "/{name}", "Create a secret.");
            one(t, "PATCH", base + "/{name}", "Change a secret's value, comment or name (a new version).");
            one(t, "DELETE", base + "/{name}", "Delete a secret (its history stays).");
            String batch = base.contains("v3") ? "/api/v3/secrets/batch/raw" : "/api/v4/secrets/batch";
            one(t, "POST", batch, "Create several secrets, all or nothing.");
            one(t, "PATCH", batch, "Change several secrets, all or nothing (upsert creates missing ones).");
            one(t, "DELETE", batch, "Delete several secrets, all or nothing.");
        }

        one(
                "Secrets (v3)",
                "GET",
                "/api/v1/secrets/compare",
                "A folder across environments: which keys each has (id, version) and whether values agree; never values.");

        one(
                "Secrets (v4)",
                "POST",
                "/api/v4/secrets/move",
                "Move secrets to another folder or environment, all or nothing (shouldOverwrite replaces).");

        t = "Secret imports";
        for (String base : List.of("/api/v1/secret-imports", "/api/v2/secret-imports")) {
            one(t, "POST", base, "Import another folder's secrets into a folder (last in order).");
            one(t, "GET", base, "A folder's imports, in the order they count (the last one wins).");
            one(t, "PATCH", base + "/{secretImportId}", "Move an import to another position, or point it elsewhere.");
            one(t, "DELETE", base + "/{secretImportId}", "Remove an import.");
        }

        t = "Tags";
        for (String base : List.of("/api/v1/workspace/{projectId}/tags", "/api/v1/projects/{projectId}/tags")) {
            one(t, "GET", base, "A project's tags, by slug.");
            one(t, "POST", base, "Create a tag: a slug unique in the project, an optional name and colour.");
            one(t, "DELETE", base + "/{tagId}", "Delete a tag; it is taken off every secret that carries it.");
        }
        one(t, "GET", "/api/v1/projects/{projectId}/tags/{tagId}", "One tag by id.");
        one(t, "GET", "/api/v1/projects/{projectId}/tags/slug/{tagSlug}", "One tag by slug.");
        one(t, "PATCH", "/api/v1/projects/{projectId}/tags/{tagId}", "Change a tag's slug, name or colour.");

        t = "History and recovery";
        one(
                t,
                "GET",
                "/api/v1/secret/{secretId}/secret-versions",
                "A secret's versions, newest first, with who made each.");
        one(t, "POST", "/api/v1/secret/{secretId}/rollback", "Roll a secret back to a version (as a new version).");
        one(t, "POST", "/api/v1/secrets/restore", "Restore a deleted secret from its history, under its old id.");
        one(t, "GET", "/api/v1/secrets/deleted", "The deleted secrets of a folder (what restore can bring back).");
        one(t, "GET", "/api/v1/folder-commits", "A folder's commits (every change to its secrets or subfolders).");
        one(t, "GET", "/api/v1/folder-commits/{commitId}", "What one commit changed: names, values only when asked.");
        one(
                t,
                "POST",
                "/api/v1/folder-commits/rollback",
                "Roll a folder or environment back to a commit or a time, as one new commit (dryRun shows it).");

        t = "Service tokens";
        one(t, "POST", "/api/v2/service-token", "Create a legacy service token (project admins); shown once.");
        one(t, "GET", "/api/v2/service-token", "Introspect the calling service token: project, scopes, wrapped key.");
        one(t, "GET", "/api/v2/workspace/{workspaceId}/service-token-data", "A project's service tokens.");
        one(t, "DELETE", "/api/v2/service-token/{serviceTokenId}", "Delete (revoke) a service token.");
        one(t, "GET", "/api/v3/secrets", "Secrets sealed under a service token's workspace key (1.x clients).");
        one(t, "GET", "/api/v3/secrets/{name}", "One secret sealed under a service token's workspace key.");
        one(t, "POST", "/api/v3/secrets/{name}", "Create a secret sent sealed under the workspace key.");
        one(t, "PATCH", "/api/v3/secrets/{name}", "Change a secret's value sent sealed under the workspace key.");
        one(t, "DELETE", "/api/v3/secrets/{name}", "Delete a secret with a service token (answer sealed).");

        one(
                "Change events",
                "POST",
                "/api/v1/events/subscribe/project-events",
                "Subscribe to a project's secret changes as server-sent events (names and versions, never values).");

        t = "Audit logs";
        one(
                t,
                "GET",
                "/api/v1/organization/audit-logs",
                "The organization's audit events, newest first, with Infisical's filters; format=jsonl for JSON lines.");
        one(t, "GET", "/api/v1/admin/audit/verify", "Check the audit trail's hash chain; names the first broken link.");
        one(t, "GET", "/api/v1/secret-readers", "Who read a secret in the last N days, and when it was last read.");

        t = "API reference";
        one(t, "GET", DocsRoutes.PAGE, "This reference as a web page.");
        one(t, "GET", DocsRoutes.DOCUMENT, "This reference as an OpenAPI 3.1 document.");
    }

    private RouteCatalog() {}

    /** The entry of a route of the table, if it has one. */
    public static Optional<Entry> entry(String method, String template) {
        return Optional.ofNullable(ENTRIES.get(method + " " + template));
    }

    /** Every described route as "METHOD template", for the test that keeps the catalog and table equal. */
    public static List<String> described() {
        return List.copyOf(ENTRIES.keySet());
    }

    private static void one(String tag, String method, String template, String summary) {
        if (!TAGS.containsKey(tag)) throw new IllegalStateException("unknown tag " + tag);
        if (ENTRIES.put(method + " " + template, new Entry(tag, summary)) != null) {
            throw new IllegalStateException("described twice: " + method + " " + template);
        }
    }

    private static void all(String tag, String method, List<String> templates, String summary) {
        for (String template : templates) one(tag, method, template, summary);
    }

    private static Map<String, String> tags() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("Instance", "Status and the one-time set-up of a new instance.");
        t.put("Universal auth", "Machine identities log in with a client id and client secret.");
        t.put("Identities", "Machine identities of an organization.");
        t.put("People", "People log in with email and password; organizations, invitations and memberships.");
        t.put("Projects", "Projects (Infisical's workspaces); v1 and v2 paths are the same operations.");
        t.put("Environments", "A project's environments (dev, staging, prod, …).");
        t.put("Folders", "Folders inside an environment; v1 and v2 paths are the same operations.");
        t.put("Identity memberships", "Which machine identities may use a project, with which role.");
        t.put("Project roles", "Custom project roles: permission rules with conditions, deny beats allow.");
        t.put("Secrets (v3)", "Secrets, Infisical's v3 raw API: references expanded only when asked.");
        t.put("Secrets (v4)", "Secrets, Infisical's v4 API: references expanded by default.");
        t.put(
                "History and recovery",
                "Secret versions, rollback and restore; folder commits and point-in-time recovery.");
        t.put("Secret imports", "Folders that include other folders' secrets, in order: the last one wins.");
        t.put(
                "Tags",
                "A project's tags: put on secrets with tagIds, filtered on with tagSlugs, tested by secretTags rules.");
        t.put("Service tokens", "Infisical's legacy st. tokens and the encrypted v3 routes their clients use.");
        t.put("Change events", "Secret changes as they commit, streamed as server-sent events (text/event-stream).");
        t.put("Audit logs", "The audit trail: searching it, verifying its hash chain, who reads a secret.");
        t.put("API reference", "This reference.");
        t.put(OTHER, "Routes that have no description yet.");
        return Collections.unmodifiableMap(t);
    }

    /** The tag of a route that has no entry yet. */
    public static final String OTHER = "Not yet described";
}
