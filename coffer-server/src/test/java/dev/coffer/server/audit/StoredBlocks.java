package dev.coffer.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.coffer.server.store.Tx;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * For tests that read the stored audit trail, or edit it directly as someone with access to the
 * database could.
 */
public final class StoredBlocks {

    private StoredBlocks() {}

    /** Every event of the trail, in chain order, with the metadata and hash a reader sees. */
    static List<StoredEvent> all(Tx tx) {
        List<EventBlock> blocks = EventBlockStore.blocksAfter(tx, 0, Integer.MAX_VALUE);
        EventBlockStore.Read read = EventBlockStore.read(tx, blocks);
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) out.addAll(blocks.get(i).hashed(read.expanded(i)));
        return out;
    }

    /** A block's events ({@link EventBlock}) with its first string changed: what an edit of one event's field does. */
    public static String withAFieldChanged(String events) {
        try {
            ArrayNode block = (ArrayNode) StoredEvent.JSON.readTree(events);
            ArrayNode strings = (ArrayNode) block.get(1);
            for (int i = 0; i < strings.size(); i++) {
                JsonNode s = strings.get(i);
                if (s.isTextual()) {
                    strings.set(i, TextNode.valueOf(s.asText() + " (edited)"));
                    return StoredEvent.JSON.writeValueAsString(block);
                }
            }
            throw new IllegalArgumentException("the block has no string to change");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every stored event in chain order as its 17 columns before blocks (seq, id, created_at, …,
     * metadata as stored, prev_hash, hash), each as text; the hashes are those of single-event blocks
     * (null inside a longer block, where they are not stored).
     */
    public static List<List<String>> events(Connection c) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT " + EventBlockStore.COLUMNS + " FROM audit_blocks ORDER BY last_seq")) {
            while (rs.next()) {
                EventBlock b = EventBlockStore.block(rs);
                boolean single = b.firstSeq() == b.lastSeq();
                for (EventBlock.Stored st : b.stored()) {
                    StoredEvent e = st.event();
                    out.add(Arrays.asList(
                            Long.toString(e.seq()),
                            e.id(),
                            Long.toString(e.createdAt()),
                            e.eventType(),
                            e.actorType(),
                            e.actorId(),
                            e.actorName(),
                            e.orgId(),
                            e.projectId(),
                            e.environment(),
                            e.secretPath(),
                            e.ip(),
                            e.userAgent(),
                            Integer.toString(e.status()),
                            e.metadata(),
                            single ? b.prevHash() : null,
                            single ? b.hash() : null));
                }
            }
        }
        return out;
    }
}
