package dev.coffer.server.secrets;

/**
 * A stored secret: name and settings in plaintext, value and comment as ciphertext; metadata in its
 * stored form (values marked isEncrypted sealed, see {@link Metadata}).
 */
record SecretRow(
        String id,
        String folderId,
        String key,
        String type,
        long version,
        byte[] valueCt,
        byte[] commentCt,
        boolean skipMultiline,
        String reminderNote,
        Integer reminderDays,
        String metadata,
        long createdAt,
        long updatedAt) {

    /** This row with the given value and comment ciphertexts. */
    SecretRow withCiphertexts(byte[] value, byte[] comment) {
        return new SecretRow(
                id,
                folderId,
                key,
                type,
                version,
                value,
                comment,
                skipMultiline,
                reminderNote,
                reminderDays,
                metadata,
                createdAt,
                updatedAt);
    }

    /** This row with the given (stored) metadata. */
    SecretRow withMetadata(String stored) {
        return new SecretRow(
                id,
                folderId,
                key,
                type,
                version,
                valueCt,
                commentCt,
                skipMultiline,
                reminderNote,
                reminderDays,
                stored,
                createdAt,
                updatedAt);
    }

    @Override
    public String toString() {
        return "SecretRow[id=" + id + ", key=" + key + ", version=" + version + "]";
    }
}
