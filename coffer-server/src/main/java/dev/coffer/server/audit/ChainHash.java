package dev.coffer.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of a link of the audit chain: SHA-256 over the previous hash and a canonical encoding of
 * the row, every field length-prefixed (so no two rows encode alike), its sequence number included
 * (so swapping rows breaks the chain as surely as editing one).
 */
public final class ChainHash {

    /** The hash before the first row. */
    public static final String GENESIS = "0".repeat(64);

    private static final MessageDigest SHA256 = lookUp();
    private static final HexFormat HEX = HexFormat.of();

    private ChainHash() {}

    /** Blocks whose events are hashed by {@link #of}, their metadata whole: those written before {@link #STORED}. */
    static final int WHOLE = 1;

    /**
     * Blocks whose events are hashed by {@link #ofStored}: their metadata as stored, a set of names it
     * refers to by the names' SHA-256. A list's event hashed its 50 names every time; now they are
     * hashed once, when their set is first met.
     */
    static final int STORED = 2;

    /** The hash of an event of a block written in {@code format}, its metadata whole. */
    static String of(int format, StoredEvent r) {
        if (format == WHOLE) return of(r);
        NameSets.Compact m = NameSets.compact(r.metadata());
        return ofStored(r, m.stored(), m.namesDigest());
    }

    /**
     * The hash of {@code r} (its metadata aside) with {@code stored}, its metadata as stored, and
     * {@code namesDigest}, the SHA-256 of the names it refers to (null: none): the fields as {@link #of}
     * encodes them after a mark of this format, then those two.
     */
    static String ofStored(StoredEvent r, String stored, String namesDigest) {
        String ua = r.userAgent();
        StringBuilder sb = new StringBuilder(500 + stored.length() + (ua == null ? 0 : ua.length()));
        sb.append("v2;"); // no encoding of the first format starts so: its first field is a length
        fields(sb, r);
        field(sb, stored);
        field(sb, namesDigest);
        return sha256(sb.toString());
    }

    static String of(StoredEvent r) {
        String m = r.metadata(), ua = r.userAgent();
        // sized for the row at once: a list's metadata (its secrets' names) outgrew a fixed 512 and was copied
        StringBuilder sb = new StringBuilder(400 + (m == null ? 0 : m.length()) + (ua == null ? 0 : ua.length()));
        fields(sb, r);
        field(sb, r.metadata());
        return sha256(sb.toString());
    }

    /** Every field of {@code r} but its metadata, in order. */
    private static void fields(StringBuilder sb, StoredEvent r) {
        field(sb, r.prevHash());
        field(sb, Long.toString(r.seq()));
        field(sb, r.id());
        field(sb, Long.toString(r.createdAt()));
        field(sb, r.eventType());
        field(sb, r.actorType());
        field(sb, r.actorId());
        field(sb, r.actorName());
        field(sb, r.orgId());
        field(sb, r.projectId());
        field(sb, r.environment());
        field(sb, r.secretPath());
        field(sb, r.ip());
        field(sb, r.userAgent());
        field(sb, Integer.toString(r.status()));
    }

    private static void field(StringBuilder sb, String v) {
        if (v == null) {
            sb.append("-1:");
            return;
        }
        sb.append(v.length()).append(':').append(v).append(';');
    }

    private static String sha256(String s) {
        return HEX.formatHex(digest().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fresh SHA-256 digest: a clone of one looked up once (a provider lookup per link cost more than the hash). */
    static MessageDigest digest() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp();
        }
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
