package dev.coffer.server.secrets;

import dev.coffer.server.projects.SecretPath;

/** A decrypted secret as services hand it to routes. Value and comment redact themselves. */
public record Secret(
        String id,
        String projectId,
        String environment,
        SecretPath path,
        String key,
        String type,
        long version,
        SecretValue value,
        SecretValue comment,
        boolean skipMultiline,
        String reminderNote,
        Integer reminderDays,
        String metadata,
        long createdAt,
        long updatedAt) {

    /** Whether the value was withheld because the caller may describe but not read it. */
    boolean valueHidden() {
        return value == SecretValue.HIDDEN;
    }

    Secret withValue(SecretValue v) {
        return new Secret(
                id,
                projectId,
                environment,
                path,
                key,
                type,
                version,
                v,
                comment,
                skipMultiline,
                reminderNote,
                reminderDays,
                metadata,
                createdAt,
                updatedAt);
    }
}
