package dev.coffer.server.secrets;

import dev.coffer.server.errors.ApiException;
import java.util.List;

/**
 * One secret to create or change. Null fields mean "keep as is" on update; {@code expectedVersion},
 * when set, makes an update of a secret at another version a 409; {@code tagIds} null keeps the tags,
 * {@code metadata} is the plain form ({@link Metadata}). {@code toString} names the key only.
 */
public record SecretInput(
        String key,
        String newKey,
        SecretValue value,
        SecretValue comment,
        Boolean skipMultiline,
        String reminderNote,
        Integer reminderDays,
        String metadata,
        Long expectedVersion,
        List<String> tagIds) {

    /** A change that does not say which version it expects. */
    public SecretInput(
            String key,
            String newKey,
            SecretValue value,
            SecretValue comment,
            Boolean skipMultiline,
            String reminderNote,
            Integer reminderDays,
            String metadata) {
        this(key, newKey, value, comment, skipMultiline, reminderNote, reminderDays, metadata, null, null);
    }

    /** This change, made only if the secret is still at {@code version}. */
    SecretInput expecting(Long version) {
        return version == null
                ? this
                : new SecretInput(
                        key,
                        newKey,
                        value,
                        comment,
                        skipMultiline,
                        reminderNote,
                        reminderDays,
                        metadata,
                        version,
                        tagIds);
    }

    static final int MAX_KEY_LENGTH = 256;

    /** Validates a secret name: no surrounding whitespace, no ':' or '/', no control characters, not '.' or '..'. */
    public static String validKey(String key, String field) {
        if (key == null || key.isEmpty()) throw new ApiException.BadRequest("'" + field + "' must not be empty.");
        String shown = key.length() > 80 ? key.substring(0, 80) + "…" : key;
        if (!key.equals(key.strip())) {
            throw new ApiException.BadRequest(
                    "Secret name '" + shown + "' has leading or trailing whitespace; remove it.");
        }
        if (key.equals(".") || key.equals("..")) {
            throw new ApiException.BadRequest(
                    "Secret name '" + key + "' cannot be used: clients read '.' and '..' in a "
                            + "URL as steps in the path, so the secret could never be read or deleted by name; choose another.");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new ApiException.BadRequest(
                    "Secret name '" + shown + "' is longer than " + MAX_KEY_LENGTH + " characters.");
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (ch == ':' || ch == '/' || Character.isISOControl(ch) || Character.isWhitespace(ch)) {
                throw new ApiException.BadRequest("Secret name '" + shown.replaceAll("\\p{Cntrl}", "?") + "' contains '"
                        + (Character.isISOControl(ch)
                                ? "a control character"
                                : Character.isWhitespace(ch) ? "whitespace" : ch)
                        + "'; names may not contain ':', '/', whitespace or control characters.");
            }
        }
        return key;
    }

    @Override
    public String toString() {
        return "SecretInput[key=" + key + (newKey == null ? "" : ", newKey=" + newKey) + "]";
    }
}
