package dev.coffer.sdk;

import java.util.List;

/**
 * A secret as the server returned it, with the slugs of its tags. The value and comment are
 * {@link SecretText}, so printing a {@code Secret} shows its key, path, version and tags only.
 */
public record Secret(
        String id,
        String key,
        SecretText value,
        SecretText comment,
        long version,
        String environment,
        String path,
        String type,
        List<String> tags) {

    public Secret {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Shorthand for {@code value().reveal()}. */
    public String valueText() {
        return value.reveal();
    }
}
