package dev.coffer.server.secrets;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Subject;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.Commit;
import dev.coffer.server.projects.Folder;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Moving secrets between folders and environments of a project ({@code POST /api/v4/secrets/move}):
 * each named secret is created (or, with {@code overwrite}, updated) at the destination and deleted at
 * the source, all in one transaction. Without {@code overwrite}, a name the destination already has
 * fails the whole move, naming every such key. Needs delete on each source secret and create (and with
 * {@code overwrite} edit) on each destination secret.
 */
public final class SecretMoves {

    /** Infisical's answer: whether anything changed at the source and at the destination. */
    public record Moved(boolean isSourceUpdated, boolean isDestinationUpdated, List<String> keys) {}

    private final Database db;
    private final ProjectService projects;
    private final Authorizer authorizer;
    private final SecretCodec codec;
    private final SecretWrites writes;
    private final Clock clock;

    SecretMoves(
            Database db,
            ProjectService projects,
            Authorizer authorizer,
            SecretCodec codec,
            SecretWrites writes,
            Clock clock) {
        this.db = db;
        this.projects = projects;
        this.authorizer = authorizer;
        this.codec = codec;
        this.writes = writes;
        this.clock = clock;
    }

    public Moved move(
            Actor actor,
            String project,
            SecretService.Location from,
            SecretService.Location to,
            List<String> secretIds,
            boolean overwrite) {
        ProjectService.Scope src =
                projects.scope(actor, project, from.environment(), from.path(), Action.DELETE, Subject.SECRETS);
        ProjectService.Scope dst =
                projects.scope(actor, project, to.environment(), to.path(), Action.CREATE, Subject.SECRETS);
        if (secretIds.isEmpty() || secretIds.size() > SecretWrites.MAX_BATCH) {
            throw new ApiException.Validation(
                    "secretIds", "'secretIds' must name 1 to " + SecretWrites.MAX_BATCH + " secrets.");
        }
        if (src.environment().id().equals(dst.environment().id()) && src.path().equals(dst.path())) {
            throw new ApiException.BadRequest("The source and the destination are the same folder; nothing to move.");
        }
        Set<String> ids = new LinkedHashSet<>(secretIds);
        long now = clock.millis();
        return db.write(tx -> {
            // environments' commit sequences are taken in id order, so two opposite moves cannot deadlock
            boolean sameEnv = src.environment().id().equals(dst.environment().id());
            boolean srcFirst =
                    src.environment().id().compareTo(dst.environment().id()) <= 0;
            Commit first = SecretWrites.begin(tx, srcFirst ? src : dst, actor, now, "move", ids.size());
            Commit second =
                    sameEnv ? first : SecretWrites.begin(tx, srcFirst ? dst : src, actor, now, "move", ids.size());
            Commit srcCommit = srcFirst ? first : second;
            Commit dstCommit = srcFirst ? second : first;
            Folder srcFolder = FolderStore.require(tx, src.environment(), src.path());
            Folder dstFolder = FolderStore.ensure(tx, dst.environment().id(), dst.path(), now, dstCommit);
            List<String> existing = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (String id : ids) {
                SecretRow row = SecretStore.byIdForUpdate(tx, id)
                        .filter(r -> r.folderId().equals(srcFolder.id()))
                        .orElseThrow(() -> new ApiException.NotFound("Secret with id '"
                                + (id.length() > 64 ? id.substring(0, 64) + "…" : id) + "' not found at '"
                                + src.path() + "' in '" + src.environment().slug() + "'."));
                List<String> tags = SecretTagStore.of(tx, List.of(row.id())).getOrDefault(row.id(), List.of()).stream()
                        .map(dev.coffer.server.tags.Tag::slug)
                        .toList();
                authorizer.require(
                        actor, Action.DELETE, src.resource(Subject.SECRETS).secret(row.key(), tags));
                authorizer.require(
                        actor, Action.CREATE, dst.resource(Subject.SECRETS).secret(row.key(), tags));
                Secret s = codec.decrypt(tx, src, src.path(), row);
                SecretInput in = new SecretInput(
                        row.key(),
                        null,
                        s.value(),
                        s.comment(),
                        row.skipMultiline(),
                        row.reminderNote(),
                        row.reminderDays(),
                        s.metadata(),
                        null,
                        SecretTagStore.idsOf(tx, row.id()));
                var there = SecretStore.byKeyForUpdate(tx, dstFolder.id(), row.key());
                if (there.isPresent()) {
                    if (!overwrite) {
                        existing.add(row.key());
                        continue;
                    }
                    authorizer.require(
                            actor, Action.EDIT, dst.resource(Subject.SECRETS).secret(row.key(), tags));
                    writes.change(tx, dst, dstFolder, there.get(), in, now, dstCommit);
                } else {
                    writes.insert(tx, dst, dstFolder, in, now, dstCommit);
                }
                SecretStore.delete(tx, row, now, srcCommit);
                keys.add(row.key());
            }
            if (!existing.isEmpty()) {
                throw new ApiException.BadRequest(
                        "'" + dst.path() + "' in '" + dst.environment().slug()
                                + "' already has " + String.join(", ", existing) + "; nothing was moved. Send "
                                + "shouldOverwrite: true to replace them.");
            }
            return new Moved(true, true, keys);
        });
    }
}
