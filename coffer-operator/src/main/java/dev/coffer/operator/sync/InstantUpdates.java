package dev.coffer.operator.sync;

import dev.coffer.operator.coffer.ProjectEvents;
import dev.coffer.operator.coffer.Session;
import dev.coffer.operator.resource.InfisicalSecret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The change-event subscriptions of resources with instant updates on: one {@link ProjectEvents} per
 * resource, remade when its scope or credentials change. An event for the scope — or the stream coming
 * back after a gap — reconciles the resource at once through {@link #source}; polling at the resource's
 * resync interval goes on underneath, so a server without events is still synced.
 */
final class InstantUpdates implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InstantUpdates.class.getName());

    private record Sub(Session session, String projectId, String environment, String path, ProjectEvents events) {}

    private final SimpleInboundEventSource<InfisicalSecret> source = new SimpleInboundEventSource<>("coffer-events");
    private final Map<ResourceID, Sub> subs = new ConcurrentHashMap<>();
    private final Map<ResourceID, ProjectEvents.State> states = new ConcurrentHashMap<>();
    private final Duration maxBackoff;

    InstantUpdates(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    SimpleInboundEventSource<InfisicalSecret> source() {
        return source;
    }

    /** Subscribes the resource to its scope's events (or keeps the subscription it has for that scope). */
    void ensure(ResourceID id, Session session, String projectId, String environment, String path) {
        Sub current = subs.get(id);
        if (current != null
                && current.session() == session
                && current.projectId().equals(projectId)
                && current.environment().equals(environment)
                && current.path().equals(path)) return;
        stop(id);
        ProjectEvents events = new ProjectEvents(
                session,
                projectId,
                environment,
                path,
                changes -> source.propagateEvent(id),
                state -> {
                    ProjectEvents.State before = states.put(id, state);
                    if (state == ProjectEvents.State.CONNECTED && before != null && before != state) {
                        source.propagateEvent(id); // changes made while the stream was down
                    }
                    if (state != before) {
                        LOG.log(Level.INFO, "change events for {0}: {1}", new Object[] {id, state});
                    }
                },
                maxBackoff);
        subs.put(id, new Sub(session, projectId, environment, path, events));
        events.start();
    }

    ProjectEvents.State state(ResourceID id) {
        return states.get(id);
    }

    void stop(ResourceID id) {
        Sub s = subs.remove(id);
        states.remove(id);
        if (s != null) s.events().close();
    }

    /** Ends the subscriptions of resources that no longer exist. */
    void sweep(Predicate<ResourceID> exists) {
        for (ResourceID id : subs.keySet()) if (!exists.test(id)) stop(id);
    }

    boolean subscribed(ResourceID id) {
        return subs.containsKey(id) && Objects.nonNull(subs.get(id));
    }

    @Override
    public void close() {
        for (ResourceID id : subs.keySet()) stop(id);
    }
}
