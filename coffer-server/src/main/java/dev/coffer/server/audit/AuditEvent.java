package dev.coffer.server.audit;

import java.util.List;

/**
 * What one request did, as the pipeline records it: when, what (an {@link EventTypes event type} in
 * Infisical's names), who (kind, id and name, or none for an anonymous caller), from where, in which
 * organization, project, environment and folder, which secrets by name, and how it ended (the HTTP
 * status: denied attempts are events too). It names routes, resources and statuses, never bodies,
 * headers or values, so no secret value can reach an audit sink through it.
 *
 * @param route      the route template that matched (e.g. {@code GET /api/v3/secrets/raw/{name}}), or the
 *                   method and a bounded path when none did
 * @param status     the HTTP status answered
 * @param secretKeys the names of the secrets the request was authorized (or denied) for, in order
 * @param secretKeysLeftOff how many more names there were past those kept ({@link AuditScope}'s cap)
 */
public record AuditEvent(
        long time,
        String requestId,
        String eventType,
        String actorKind,
        String actorId,
        String actorName,
        String orgId,
        String ip,
        String userAgent,
        String route,
        int status,
        String projectId,
        String environment,
        String secretPath,
        List<String> secretKeys,
        int secretKeysLeftOff) {

    public AuditEvent {
        secretKeys = secretKeys == null ? List.of() : List.copyOf(secretKeys);
    }

    /** Whether the request only read (GET or HEAD): it changed nothing the trail would have to vouch for. */
    public boolean changedNothing() {
        return route.startsWith("GET ") || route.startsWith("HEAD ");
    }

    /**
     * Whether its commit may reach the disk with the next flush rather than its own (see {@link
     * GroupCommitWriter}): a read, or a successful universal-auth login, whose token is written the
     * same way.
     */
    public boolean mayFlushLater() {
        return changedNothing() || (succeeded() && LOGIN_UNIVERSAL_AUTH.equals(eventType));
    }

    private static final String LOGIN_UNIVERSAL_AUTH = "login-identity-universal-auth";

    /** Whether the request was answered with success (2xx or 304). */
    public boolean succeeded() {
        return (status >= 200 && status < 300) || status == 304;
    }
}
