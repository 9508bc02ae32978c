package dev.coffer.server.recovery;

import dev.coffer.server.history.CommitStore;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.secrets.HistoricPaths;
import dev.coffer.server.secrets.SecretStates;
import dev.coffer.server.secrets.SecretStates.State;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What rolling a folder (and everything below it) back to its state after commit {@code seq} takes:
 * the folders to remove and add, and the secrets to remove, change and add, matched by path and name.
 * Made from the database in the caller's unit of work, so the same plan made again inside the writing
 * unit of work shows whether anything changed in between.
 */
record RollbackPlan(
        List<State> removed,
        List<SecretPath> foldersRemoved,
        List<SecretPath> foldersAdded,
        List<State[]> changed,
        List<State> added,
        List<Change> changes) {

    static RollbackPlan make(Tx tx, SecretStates states, ProjectService.Scope scope, long seq) {
        String envId = scope.environment().id();
        SecretPath base = scope.path();
        String rootId =
                FolderStore.resolve(tx, envId, SecretPath.ROOT).orElseThrow().id();
        Map<String, SecretPath> nowPaths = FolderStore.paths(tx, envId);
        Map<String, SecretPath> thenPaths = HistoricPaths.of(CommitStore.foldersAt(tx, envId, seq), rootId, false);

        Set<SecretPath> nowFolders = within(nowPaths.values(), base);
        Set<SecretPath> thenFolders = within(thenPaths.values(), base);
        Map<String, State> now = byPlace(states.current(tx, scope, nowPaths), base);
        Map<String, State> then = byPlace(states.at(tx, scope, seq, thenPaths), base);

        List<State> removed = new ArrayList<>();
        List<State[]> changed = new ArrayList<>();
        List<State> added = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (var e : now.entrySet()) {
            State target = then.get(e.getKey());
            State cur = e.getValue();
            if (target == null) {
                removed.add(cur);
                changes.add(new Change(Change.REMOVED, cur.path().toString(), cur.key(), null, cur.value(), null));
            } else if (!cur.sameContent(target)) {
                changed.add(new State[] {cur, target});
                changes.add(new Change(
                        Change.CHANGED, cur.path().toString(), cur.key(), null, cur.value(), target.value()));
            }
        }
        for (var e : then.entrySet()) {
            if (now.containsKey(e.getKey())) continue;
            State target = e.getValue();
            added.add(target);
            changes.add(new Change(Change.ADDED, target.path().toString(), target.key(), null, null, target.value()));
        }
        List<SecretPath> foldersRemoved = new ArrayList<>();
        for (SecretPath p : nowFolders) {
            if (thenFolders.contains(p) || p.isRoot()) continue;
            foldersRemoved.add(p);
            changes.add(Change.of(Change.FOLDER_REMOVED, p.toString(), null));
        }
        List<SecretPath> foldersAdded = new ArrayList<>();
        for (SecretPath p : thenFolders) {
            if (nowFolders.contains(p)) continue;
            foldersAdded.add(p);
            changes.add(Change.of(Change.FOLDER_ADDED, p.toString(), null));
        }
        Comparator<SecretPath> byDepth =
                Comparator.comparingInt((SecretPath p) -> p.segments().size()).thenComparing(SecretPath::toString);
        foldersRemoved.sort(byDepth);
        foldersAdded.sort(byDepth);
        changes.sort(Comparator.comparing(Change::path)
                .thenComparing(c -> c.key() == null ? "" : c.key())
                .thenComparing(Change::kind));
        return new RollbackPlan(removed, foldersRemoved, foldersAdded, changed, added, changes);
    }

    /** The changes as a set of identities, to compare two plans. */
    Set<String> identities() {
        Set<String> out = new HashSet<>();
        for (Change c : changes) out.add(c.identity());
        return out;
    }

    private static Set<SecretPath> within(java.util.Collection<SecretPath> paths, SecretPath base) {
        Set<SecretPath> out = new HashSet<>();
        for (SecretPath p : paths) if (p.within(base)) out.add(p);
        return out;
    }

    private static Map<String, State> byPlace(List<State> all, SecretPath base) {
        Map<String, State> out = new LinkedHashMap<>();
        for (State s : all) if (s.path().within(base)) out.put(s.path() + "\u0000" + s.key(), s);
        return out;
    }
}
