package dev.coffer.server.secrets;

import dev.coffer.server.history.Commit;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import dev.coffer.server.tags.Tag;
import dev.coffer.server.tags.TagStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Secrets as whole states, for point-in-time recovery: an environment's secrets now or as of a commit
 * (decrypted in the caller's unit of work), what one commit changed, and the three ways to make a
 * secret equal to a state (remove, change, put back), each a new version of the commit.
 */
public final class SecretStates {

    /** A secret's full state at a place. Value and comment redact themselves. */
    public record State(
            String secretId,
            String folderId,
            SecretPath path,
            String key,
            long version,
            boolean deleted,
            SecretValue value,
            SecretValue comment,
            boolean skipMultiline,
            String reminderNote,
            Integer reminderDays,
            String metadata,
            List<String> tagIds,
            long at,
            String actorName) {

        public State {
            tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
        }

        @Override
        public String toString() {
            // metadata may hold decrypted values: names only
            return "State[secret=" + secretId + ", key=" + key + ", version=" + version + ", deleted=" + deleted + "]";
        }

        /** Whether the two hold the same name, value, comment, settings and metadata. */
        public boolean sameContent(State o) {
            return key.equals(o.key)
                    && value.reveal().equals(o.value.reveal())
                    && comment.reveal().equals(o.comment.reveal())
                    && skipMultiline == o.skipMultiline
                    && Objects.equals(reminderNote, o.reminderNote)
                    && Objects.equals(reminderDays, o.reminderDays)
                    && Objects.equals(metadata == null ? "[]" : metadata, o.metadata == null ? "[]" : o.metadata)
                    && new HashSet<>(tagIds).equals(new HashSet<>(o.tagIds));
        }
    }

    /** A version a commit wrote, with the version before it (null when there is none, or it was pruned). */
    public record Step(State before, State after) {}

    private final SecretCodec codec;
    private final int versionsKept;

    SecretStates(SecretCodec codec, int versionsKept) {
        this.codec = codec;
        this.versionsKept = versionsKept;
    }

    /** Every secret of the scope's environment now, with the paths of {@code paths} (folder id to path). */
    public List<State> current(Tx tx, ProjectService.Scope scope, Map<String, SecretPath> paths) {
        List<State> out = new ArrayList<>();
        List<SecretRow> rows = SecretStore.inEnvironment(tx, scope.environment().id());
        Map<String, List<Tag>> tags =
                SecretTagStore.of(tx, rows.stream().map(SecretRow::id).toList());
        for (SecretRow r : rows) {
            SecretPath p = paths.get(r.folderId());
            if (p == null) continue;
            List<String> ids =
                    tags.getOrDefault(r.id(), List.of()).stream().map(Tag::id).toList();
            out.add(state(codec.decrypt(tx, scope, p, r), r.folderId(), false, ids, r.updatedAt(), null));
        }
        return out;
    }

    /**
     * Every secret the environment held after commit {@code seq} whose folder is in {@code paths}
     * (the folders alive then, by id).
     */
    public List<State> at(Tx tx, ProjectService.Scope scope, long seq, Map<String, SecretPath> paths) {
        List<State> out = new ArrayList<>();
        for (VersionStore.Version v :
                VersionStore.stateAt(tx, scope.environment().id(), seq)) {
            SecretPath p = paths.get(v.folderId());
            if (!v.deleted() && p != null) out.add(state(tx, scope, p, v));
        }
        return out;
    }

    /** Names of secrets whose state after commit {@code seq} is no longer known (their history was pruned). */
    public List<String> unknownAt(Tx tx, ProjectService.Scope scope, long seq) {
        return VersionStore.prunedSince(tx, scope.environment().id(), seq);
    }

    /** What commit {@code seq} did to secrets, folder paths from {@code paths} (those the commit knew). */
    public List<Step> steps(Tx tx, ProjectService.Scope scope, long seq, Map<String, SecretPath> paths) {
        List<Step> out = new ArrayList<>();
        for (VersionStore.Version v :
                VersionStore.ofCommit(tx, scope.environment().id(), seq)) {
            SecretPath p = paths.getOrDefault(v.folderId(), SecretPath.ROOT);
            State after = state(tx, scope, p, v);
            State before = VersionStore.one(tx, v.secretId(), v.version() - 1)
                    .map(b -> state(tx, scope, p, b))
                    .orElse(null);
            out.add(new Step(before, after));
        }
        return out;
    }

    /** Deletes a secret (a tombstone version in the commit). */
    public void remove(Tx tx, State cur, Commit commit, long now) {
        SecretStore.byIdForUpdate(tx, cur.secretId()).ifPresent(r -> SecretStore.delete(tx, r, now, commit));
    }

    /** Gives the live secret {@code cur} the contents of {@code target}: a new version. */
    public void change(Tx tx, ProjectService.Scope scope, State cur, State target, Commit commit, long now) {
        SecretRow row = SecretStore.byIdForUpdate(tx, cur.secretId()).orElseThrow();
        SecretRow next = sealed(
                tx,
                scope,
                row(cur.secretId(), row.folderId(), row.version() + 1, target, row.createdAt(), now),
                target);
        SecretStore.update(tx, next, "", liveTags(tx, scope, target), commit);
        SecretStore.prune(tx, next.id(), next.version(), versionsKept);
    }

    /**
     * Puts {@code target} back into folder {@code folderId}: under its old id (continuing its history)
     * when no live secret has that id, else as a new secret.
     */
    public void put(Tx tx, ProjectService.Scope scope, String folderId, State target, Commit commit, long now) {
        boolean idFree = SecretStore.byIdForUpdate(tx, target.secretId()).isEmpty();
        String id = idFree ? target.secretId() : Ids.newId();
        long version = idFree ? VersionStore.maxVersion(tx, id) + 1 : 1;
        SecretRow next = sealed(tx, scope, row(id, folderId, version, target, now, now), target);
        SecretStore.insert(tx, next, "", liveTags(tx, scope, target), commit);
        SecretStore.prune(tx, next.id(), next.version(), versionsKept);
    }

    private static SecretRow row(String id, String folderId, long version, State s, long createdAt, long now) {
        return new SecretRow(
                id,
                folderId,
                s.key(),
                "shared",
                version,
                null,
                null,
                s.skipMultiline(),
                s.reminderNote(),
                s.reminderDays(),
                s.metadata(),
                createdAt,
                now);
    }

    /** The state's tags that still exist (a tag deleted since is not put back). */
    private static List<String> liveTags(Tx tx, ProjectService.Scope scope, State s) {
        if (s.tagIds().isEmpty()) return List.of();
        return TagStore.byIds(tx, scope.project().id(), s.tagIds()).stream()
                .map(Tag::id)
                .toList();
    }

    private SecretRow sealed(Tx tx, ProjectService.Scope scope, SecretRow row, State s) {
        return codec.sealed(tx, scope.project().id(), scope.environment().id(), row, s.value(), s.comment());
    }

    private State state(Tx tx, ProjectService.Scope scope, SecretPath p, VersionStore.Version v) {
        if (v.deleted()) {
            return new State(
                    v.secretId(),
                    v.folderId(),
                    p,
                    v.key(),
                    v.version(),
                    true,
                    SecretValue.EMPTY,
                    SecretValue.EMPTY,
                    v.skipMultiline(),
                    v.reminderNote(),
                    v.reminderDays(),
                    v.metadata(),
                    v.tags(),
                    v.createdAt(),
                    v.actorName());
        }
        return state(
                codec.decrypt(tx, scope, p, v.asRow()), v.folderId(), false, v.tags(), v.createdAt(), v.actorName());
    }

    private static State state(
            Secret s, String folderId, boolean deleted, List<String> tagIds, long at, String actorName) {
        return new State(
                s.id(),
                folderId,
                s.path(),
                s.key(),
                s.version(),
                deleted,
                s.value(),
                s.comment(),
                s.skipMultiline(),
                s.reminderNote(),
                s.reminderDays(),
                s.metadata(),
                tagIds,
                at,
                actorName);
    }
}
