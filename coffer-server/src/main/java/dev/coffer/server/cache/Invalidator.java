package dev.coffer.server.cache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one way cached state is dropped. A committed write names what it changed ({@code Tx.invalidate});
 * this node's caches hear it right after the commit, and on PostgreSQL every other node hears it
 * through {@code NOTIFY} within milliseconds. When a node may have missed notifications (its listening
 * connection dropped), {@link #flushAll} empties every cache.
 */
public final class Invalidator {

    /** What kind of thing changed; each cache listens to the topics it depends on. */
    public enum Topic {
        /** an access token (key: token id) */
        TOKEN,
        /** an identity and everything cached for it: its tokens, its name, its org role (key: identity id) */
        IDENTITY,
        /** a project membership (key: {@code projectId|identityId}) */
        MEMBERSHIP,
        /** a project, its environments, its data keys and its memberships (key: project id) */
        PROJECT,
        /** a user's session (key: session id) */
        SESSION,
        /** a user: its sessions, its org memberships and their roles (key: user id) */
        USER,
        /**
         * a commit that wrote to an environment's secrets or folders (key: {@code projectId|envId|commit
         * number}); the secrets caches move the project's generation on, change events read what the
         * commit changed
         */
        COMMIT,
        /**
         * a folder's imports were added, removed, moved or repointed (key: {@code projectId|envId|folderId});
         * the secrets caches move the project's generation on (lists with imports depend on them), change
         * events tell the folder's subscribers
         */
        IMPORTS
    }

    /** One change: a topic and a key. Encoded as {@code TOPIC|key} on the wire. */
    public record Key(Topic topic, String key) {
        public String encode() {
            return topic.name() + "|" + key;
        }

        /** Decodes {@link #encode()}'s form; null for anything else. */
        public static Key decode(String s) {
            int bar = s.indexOf('|');
            if (bar <= 0) return null;
            try {
                return new Key(Topic.valueOf(s.substring(0, bar)), s.substring(bar + 1));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private final Map<Topic, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> flushes = new CopyOnWriteArrayList<>();

    /** Calls {@code listener} with the key of every change under {@code topic}. */
    public void on(Topic topic, Consumer<String> listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Calls {@code flush} when every cache must be emptied. */
    public void onFlushAll(Runnable flush) {
        flushes.add(flush);
    }

    /** Delivers one change to this node's caches. */
    public void deliver(Key key) {
        for (Consumer<String> l : listeners.getOrDefault(key.topic(), List.of())) l.accept(key.key());
    }

    /** Empties every cache of this node. */
    public void flushAll() {
        for (Runnable r : flushes) r.run();
    }
}
