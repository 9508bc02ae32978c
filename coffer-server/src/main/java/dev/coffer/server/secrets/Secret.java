package dev.coffer.server.secrets;

import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.tags.Tag;
import java.util.List;

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
        long updatedAt,
        List<Tag> tags) {

    public Secret {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The slugs of its tags, as permission conditions on secretTags test them. */
    public List<String> tagSlugs() {
        return tags.stream().map(Tag::slug).toList();
    }

    /** Whether this is a person's override of a shared secret. */
    public boolean personal() {
        return "personal".equals(type);
    }

    Secret withTags(List<Tag> t) {
        return new Secret(
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
                reminderDays,
                metadata,
                createdAt,
                updatedAt,
                t);
    }

    @Override
    public String toString() {
        // metadata may hold decrypted values: names only
        return "Secret[id=" + id + ", key=" + key + ", type=" + type + ", version=" + version + "]";
    }

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
                updatedAt,
                tags);
    }
}
