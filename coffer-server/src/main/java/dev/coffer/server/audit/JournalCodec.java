package dev.coffer.server.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An audit event as the journal holds it ({@link AuditJournal}): a version byte, the numbers, then each
 * text as its UTF-8 length (-1 for none) and bytes, the secrets' names last. A list's names are encoded
 * once for the list (requests that answer from one kept listing hand in the very same list), so a
 * journaled list copies them rather than encoding 50 names again.
 */
final class JournalCodec {

    private static final byte VERSION = 1;

    private JournalCodec() {}

    /** The names of the lists encoded lately, by identity. */
    private record Encoded(List<String> keys, byte[] bytes) {}

    private static final Encoded[] RECENT = new Encoded[256];

    static byte[] encode(AuditEvent e) {
        String[] texts = {
            e.requestId(),
            e.eventType(),
            e.actorKind(),
            e.actorId(),
            e.actorName(),
            e.orgId(),
            e.ip(),
            e.userAgent(),
            e.route(),
            e.projectId(),
            e.environment(),
            e.secretPath()
        };
        byte[][] bytes = new byte[texts.length][];
        int size = 1 + 8 + 4 + 4;
        for (int i = 0; i < texts.length; i++) {
            bytes[i] = texts[i] == null ? null : texts[i].getBytes(StandardCharsets.UTF_8);
            size += 4 + (bytes[i] == null ? 0 : bytes[i].length);
        }
        byte[] names = names(e.secretKeys());
        ByteBuffer out = ByteBuffer.allocate(size + names.length);
        out.put(VERSION).putLong(e.time()).putInt(e.status()).putInt(e.secretKeysLeftOff());
        for (byte[] b : bytes) {
            if (b == null) out.putInt(-1);
            else out.putInt(b.length).put(b);
        }
        return out.put(names).array();
    }

    private static byte[] names(List<String> keys) {
        int slot = System.identityHashCode(keys) & (RECENT.length - 1);
        Encoded seen = RECENT[slot];
        if (seen != null && seen.keys == keys) return seen.bytes;
        byte[][] each = new byte[keys.size()][];
        int size = 4;
        for (int i = 0; i < each.length; i++) {
            each[i] = keys.get(i).getBytes(StandardCharsets.UTF_8);
            size += 4 + each[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(each.length);
        for (byte[] b : each) out.putInt(b.length).put(b);
        byte[] bytes = out.array();
        if (keys.size() > 1) RECENT[slot] = new Encoded(keys, bytes);
        return bytes;
    }

    static AuditEvent decode(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        byte version = in.get();
        if (version != VERSION) throw new IllegalArgumentException("an audit journal record of version " + version);
        long time = in.getLong();
        int status = in.getInt();
        int leftOff = in.getInt();
        String[] t = new String[12];
        for (int i = 0; i < t.length; i++) t[i] = text(in);
        int n = in.getInt();
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) keys.add(text(in));
        return new AuditEvent(
                time, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], status, t[9], t[10], t[11], keys, leftOff);
    }

    private static String text(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) return null;
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}
