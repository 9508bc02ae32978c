package dev.coffer.server.secrets;

import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.tags.Tag;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of decrypted secrets as bytes and back, exactly (every string char for char, lone
 * surrogates included), for {@link FolderCache} to seal. Strings are written as UTF-16 code units
 * after their length (-1 for null).
 */
final class SecretBytes {

    private SecretBytes() {}

    static byte[] encode(List<Secret> secrets) {
        Writer w = new Writer();
        w.buf.putInt(secrets.size());
        for (Secret s : secrets) {
            w.str(s.id());
            w.str(s.projectId());
            w.str(s.environment());
            w.str(s.path().toString());
            w.str(s.key());
            w.str(s.type());
            w.ensure(8);
            w.buf.putLong(s.version());
            w.str(s.value().reveal());
            w.str(s.comment().reveal());
            w.ensure(1 + 4 + 16);
            w.buf.put((byte) (s.skipMultiline() ? 1 : 0));
            w.buf.putInt(s.reminderDays() == null ? Integer.MIN_VALUE : s.reminderDays());
            w.buf.putLong(s.createdAt());
            w.buf.putLong(s.updatedAt());
            w.str(s.reminderNote());
            w.str(s.metadata());
            w.ensure(4);
            w.buf.putInt(s.tags().size());
            for (Tag t : s.tags()) {
                w.str(t.id());
                w.str(t.projectId());
                w.str(t.slug());
                w.str(t.name());
                w.str(t.color());
                w.str(t.createdBy());
                w.str(t.createdByKind());
                w.ensure(16);
                w.buf.putLong(t.createdAt());
                w.buf.putLong(t.updatedAt());
            }
        }
        byte[] out = new byte[w.buf.position()];
        w.buf.flip().get(out);
        return out;
    }

    static List<Secret> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt();
        List<Secret> out = new ArrayList<>(n);
        Map<String, SecretPath> paths = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String id = str(b);
            String projectId = str(b);
            String environment = str(b);
            SecretPath path = paths.computeIfAbsent(str(b), SecretPath::parse);
            String key = str(b);
            String type = str(b);
            long version = b.getLong();
            SecretValue value = new SecretValue(str(b));
            SecretValue comment = new SecretValue(str(b));
            boolean skipMultiline = b.get() == 1;
            int days = b.getInt();
            long createdAt = b.getLong();
            long updatedAt = b.getLong();
            String reminderNote = str(b);
            String metadata = str(b);
            int tagCount = b.getInt();
            List<Tag> tags = new ArrayList<>(tagCount);
            for (int t = 0; t < tagCount; t++) {
                tags.add(new Tag(str(b), str(b), str(b), str(b), str(b), str(b), str(b), b.getLong(), b.getLong()));
            }
            out.add(new Secret(
                    id,
                    projectId,
                    environment,
                    path,
                    key,
                    type,
                    version,
                    value,
                    comment,
                    skipMultiline,
                    reminderNote,
                    days == Integer.MIN_VALUE ? null : days,
                    metadata,
                    createdAt,
                    updatedAt,
                    tags));
        }
        return out;
    }

    private static String str(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0) return null;
        char[] chars = new char[len];
        b.asCharBuffer().get(chars);
        b.position(b.position() + 2 * len);
        return new String(chars);
    }

    private static final class Writer {
        ByteBuffer buf = ByteBuffer.allocate(4096);

        void ensure(int more) {
            if (buf.remaining() >= more) return;
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }

        void str(String s) {
            if (s == null) {
                ensure(4);
                buf.putInt(-1);
                return;
            }
            ensure(4 + 2 * s.length());
            buf.putInt(s.length());
            buf.asCharBuffer().put(s);
            buf.position(buf.position() + 2 * s.length());
        }
    }
}
