package dev.coffer.server.audit;

/**
 * What one request did, as the pipeline records it: when, who (kind, id and organization, or none for
 * an anonymous caller), from where, which route, and how it ended. It names routes and statuses,
 * never bodies, headers or values, so no secret can reach an audit sink through it.
 *
 * @param route    the route template that matched (e.g. {@code GET /api/v3/secrets/raw/{name}}), or the
 *                 method and a bounded path when none did
 * @param status   the HTTP status answered
 */
public record AuditEvent(
        long time,
        String requestId,
        String actorKind,
        String actorId,
        String orgId,
        String ip,
        String userAgent,
        String route,
        int status) {}
