package dev.coffer.server.secrets;

/** A stored secret: name and settings in plaintext, value and comment as ciphertext. */
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

    @Override
    public String toString() {
        return "SecretRow[id=" + id + ", key=" + key + ", version=" + version + "]";
    }
}
