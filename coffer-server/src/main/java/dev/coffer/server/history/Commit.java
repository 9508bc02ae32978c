package dev.coffer.server.history;

import dev.coffer.server.access.Actor;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.util.HashSet;
import java.util.Set;

/**
 * One write to an environment, as history records it: the environment's next commit number, taken
 * under the environment's row lock when the unit of work begins (so the commits of an environment are
 * totally ordered, and a commit's time is never before its predecessor's), who made it, and the folders
 * it changed. The commit row is written when the first change is recorded; a unit of work that changes
 * nothing leaves only a gap in the numbers. Rerun from the start when the unit of work is retried.
 */
public final class Commit {

    private final String id = Ids.newId();
    private final String projectId;
    private final String envId;
    private final long seq;
    private final long at;
    private final String actorKind;
    private final String actorId;
    private final String actorName;
    private final String message;
    private final Set<String> folders = new HashSet<>();
    private boolean written;

    private Commit(
            String projectId,
            String envId,
            long seq,
            long at,
            String actorKind,
            String actorId,
            String actorName,
            String message) {
        this.projectId = projectId;
        this.envId = envId;
        this.seq = seq;
        this.at = at;
        this.actorKind = actorKind;
        this.actorId = actorId;
        this.actorName = actorName;
        this.message = message;
    }

    /** Begins the environment's next commit, locking the environment's row until the unit of work ends. */
    public static Commit begin(Tx tx, String projectId, String envId, Actor actor, long now, String message) {
        long seq = CommitStore.nextSeq(tx, envId);
        long at = Math.max(now, CommitStore.lastTime(tx, envId));
        return new Commit(
                projectId,
                envId,
                seq,
                at,
                kindOf(actor),
                actor.id() == null ? "" : actor.id(),
                actor.name() == null ? "" : actor.name(),
                message);
    }

    /** How versions name an actor's kind: Infisical's actor types (identity, user, service). */
    public static String kindOf(Actor actor) {
        return switch (actor.kind()) {
            case IDENTITY -> "identity";
            case USER -> "user";
            case SERVICE_TOKEN -> "service";
        };
    }

    /** Records that this commit changed the folder (one of its secrets or subfolders). */
    public void touch(Tx tx, String folderId) {
        if (!written) {
            CommitStore.insert(tx, this);
            written = true;
            // subscribers to change events hear of it once it commits, on every node
            tx.invalidate(Invalidator.Topic.COMMIT, projectId + "|" + envId + "|" + seq);
        }
        if (folders.add(folderId)) CommitStore.touch(tx, id, folderId);
    }

    public String id() {
        return id;
    }

    public String projectId() {
        return projectId;
    }

    public String envId() {
        return envId;
    }

    public long seq() {
        return seq;
    }

    /** The commit's time (epoch ms): when it began, or its predecessor's time if that is later. */
    public long at() {
        return at;
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

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return "Commit[env=" + envId + ", seq=" + seq + "]";
    }
}
