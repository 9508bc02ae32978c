package dev.coffer.server.secrets;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Tx;
import dev.coffer.server.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the database holds at a place, before any permission is applied: the shared secrets of a folder
 * (or of everything under it), and one secret by name. Both are served by {@link FolderCache} where it
 * can: the current shared secret of a name is looked up in the same entry as its folder's list, so a
 * get of an unchanged folder reads no row (on PostgreSQL, a transaction and three queries fewer) and is
 * exactly as fresh as a list of it. A version of the past and a person's override are read from the
 * database by name, as is any secret when the cache is off, its folder too large to keep, or one of
 * its folder's rows fails its integrity check (then only a get of that row fails, as before).
 */
final class FolderReads {

    private final Database db;
    private final SecretCodec codec;
    private final FolderCache cache;

    FolderReads(Database db, SecretCodec codec, FolderCache cache) {
        this.db = db;
        this.codec = codec;
        this.cache = cache;
    }

    /** The shared secrets at {@code base} (and below it when {@code recursive}), sorted by path and name. */
    List<Secret> in(ProjectService.Scope scope, SecretPath base, boolean recursive) {
        return cache.get(place(scope, base, recursive), () -> read(scope, base, recursive));
    }

    /**
     * The secret {@code key} at the scope's folder, with its tags: the shared one, or the override of
     * {@code ownerId} when that is not null; as it was at {@code version} when that is not null. Empty
     * when there is no such secret; a stand-in with only its tags (and a null id) when it has no such
     * version, so that its permission is decided as the secret's.
     */
    Optional<Secret> one(ProjectService.Scope scope, String key, Long version, String ownerId) {
        if (version != null || ownerId != null) return db.read(tx -> byName(tx, scope, key, version, ownerId));
        Supplier<Optional<Secret>> byName = () -> db.read(tx -> byName(tx, scope, key, null, null));
        try {
            return cache.find(place(scope, scope.path(), false), key, () -> read(scope, scope.path(), false), byName);
        } catch (ApiException.ServerFault e) {
            // a row altered outside Coffer fails its folder's list, but a get only when it is that row
            return byName.get();
        }
    }

    private static FolderCache.Place place(ProjectService.Scope scope, SecretPath base, boolean recursive) {
        return new FolderCache.Place(scope.project().id(), scope.environment().id(), base.toString(), recursive);
    }

    private List<Secret> read(ProjectService.Scope scope, SecretPath base, boolean recursive) {
        return db.read(tx -> {
            if (!recursive) {
                var folder = FolderStore.resolve(tx, scope.environment().id(), base);
                if (folder.isEmpty()) return List.<Secret>of();
                List<Secret> out = new ArrayList<>();
                for (SecretRow r : SecretStore.inFolder(tx, folder.get().id()))
                    out.add(codec.decrypt(tx, scope, base, r));
                // one query by folder, not one naming every secret: this is every list's path
                return out.isEmpty()
                        ? out
                        : SecretService.withTags(
                                out, SecretTagStore.inFolder(tx, folder.get().id()));
            }
            Map<String, SecretPath> paths =
                    FolderStore.paths(tx, scope.environment().id());
            List<Secret> out = new ArrayList<>();
            for (SecretRow r : SecretStore.inEnvironment(tx, scope.environment().id())) {
                SecretPath p = paths.get(r.folderId());
                if (p != null && p.within(base)) out.add(codec.decrypt(tx, scope, p, r));
            }
            out.sort((a, b) -> a.path().equals(b.path())
                    ? a.key().compareTo(b.key())
                    : a.path().toString().compareTo(b.path().toString()));
            return SecretService.withTags(tx, out);
        });
    }

    private Optional<Secret> byName(Tx tx, ProjectService.Scope scope, String key, Long version, String ownerId) {
        Optional<SecretRow> current = FolderStore.resolve(
                        tx, scope.environment().id(), scope.path())
                .flatMap(f -> ownerId != null
                        ? SecretStore.personalByKey(tx, f.id(), key, ownerId)
                        : SecretStore.byKey(tx, f.id(), key));
        if (current.isEmpty()) return Optional.empty();
        SecretRow row = current.get();
        List<Tag> tags = SecretTagStore.of(tx, List.of(row.id())).getOrDefault(row.id(), List.of());
        if (version != null && version != row.version()) {
            row = SecretStore.atVersion(tx, row, version).orElse(null);
            if (row == null) return Optional.of(tagOnly(tags));
        }
        return Optional.of(codec.decrypt(tx, scope, scope.path(), row).withTags(tags));
    }

    /** A stand-in for a secret that has no such version: only its tags, for the permission check. */
    private static Secret tagOnly(List<Tag> tags) {
        return new Secret(
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                SecretValue.EMPTY,
                SecretValue.EMPTY,
                false,
                null,
                null,
                null,
                0,
                0,
                tags);
    }
}
