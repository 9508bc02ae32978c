package dev.coffer.server.audit;

import java.util.List;

/** Audit events for tests: a request of an identity in project p (dev:/ unless given) of organization "org", from 127.0.0.1. */
final class TestEvents {

    private TestEvents() {}

    static AuditEvent event(
            String requestId, String actorId, String actorName, String type, String route, List<String> names) {
        return event(requestId, actorId, actorName, type, route, "dev", "/", names);
    }

    /** The same in another place of project p (environment and path may be null). */
    static AuditEvent event(
            String requestId,
            String actorId,
            String actorName,
            String type,
            String route,
            String environment,
            String path,
            List<String> names) {
        return new AuditEvent(
                System.currentTimeMillis(),
                requestId,
                type,
                "identity",
                actorId,
                actorName,
                "org",
                "127.0.0.1",
                "ua",
                route,
                200,
                "p",
                environment,
                path,
                names,
                0);
    }
}
