package dev.coffer.sdk;

/**
 * A secret as the server returned it. The value and comment are {@link SecretText}, so printing a
 * {@code Secret} shows its key, path and version only.
 */
public record Secret(
        String id,
        String key,
        SecretText value,
        SecretText comment,
        long version,
        String environment,
        String path,
        String type) {

    /** Shorthand for {@code value().reveal()}. */
    public String valueText() {
        return value.reveal();
    }
}
