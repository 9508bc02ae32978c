package dev.coffer.server.events;

import dev.coffer.server.access.Glob;

/**
 * One item of a subscription's {@code register}: an event type, and optionally the environment (slug)
 * and the folder path or glob ({@code /compute/**}) it is limited to. A path without a glob matches
 * exactly that folder; a glob is matched as permission conditions match {@code secretPath}.
 */
record Registration(String event, String environment, Glob path) {

    boolean matches(String eventType, String env, String secretPath) {
        return event.equals(eventType)
                && (environment == null || environment.equals(env))
                && (path == null || path.matches(secretPath));
    }
}
