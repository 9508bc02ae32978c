package dev.coffer.server.audit;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SQL of the stored sets of secret names ({@link NameSets}): adding them, and reading them back by id. */
final class NameSetStore {

    private NameSetStore() {}

    /** Stores the sets of {@code batch} that {@code known} does not hold (present already, or added by another node). */
    static void store(Tx tx, List<NameSets.Compact> batch, Set<String> known) {
        Map<String, String> fresh = new HashMap<>();
        for (NameSets.Compact c : batch) {
            if (c.namesId() != null && !known.contains(c.namesId())) fresh.putIfAbsent(c.namesId(), c.names());
        }
        if (fresh.isEmpty()) return;
        List<Object[]> rows = new ArrayList<>();
        fresh.forEach((id, names) -> rows.add(new Object[] {id, names}));
        Jdbc.batch(tx, "INSERT INTO audit_name_sets (id, names) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", rows);
    }

    /** The names of the sets {@code ids}, as stored now (a set deleted is missing from the answer). */
    static Map<String, String> load(Tx tx, Set<String> ids) {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            Jdbc.list(
                            tx,
                            "SELECT id, names FROM audit_name_sets WHERE id IN (" + marks + ")",
                            rs -> Map.entry(rs.getString(1), rs.getString(2)),
                            chunk.toArray())
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }
}
