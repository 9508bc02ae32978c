package dev.coffer.server.secrets;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A decrypted secret value or comment. Serialises as the plain string in a response body, and
 * nowhere else: {@code toString} is redacted so a value cannot reach a log line by accident.
 */
public record SecretValue(@JsonValue String reveal) {

    public static final SecretValue EMPTY = new SecretValue("");

    /**
     * What stands in for a value the caller may see exists but not read. Recognised by identity, so a
     * stored value that happens to read the same is still a value.
     */
    static final SecretValue HIDDEN = new SecretValue("<hidden-by-infisical>");

    public SecretValue {
        if (reveal == null) reveal = "";
    }

    @Override
    public String toString() {
        return "SecretValue[redacted]";
    }
}
