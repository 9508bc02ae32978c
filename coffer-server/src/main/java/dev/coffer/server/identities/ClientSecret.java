package dev.coffer.server.identities;

/** A client secret row: only its HMAC is stored; {@code toString} leaves even that out. */
public record ClientSecret(
        String id,
        String identityId,
        String prefix,
        byte[] hmac,
        String description,
        long ttl,
        long numUsesLimit,
        long numUses,
        boolean revoked,
        long createdAt,
        long updatedAt) {

    /** Whether the secret is past its TTL at {@code now} (TTL 0 never expires). */
    public boolean expiredAt(long now) {
        return ttl > 0 && now >= createdAt + ttl * 1000;
    }

    @Override
    public String toString() {
        return "ClientSecret[id=" + id + ", prefix=" + prefix + ", revoked=" + revoked + "]";
    }
}
