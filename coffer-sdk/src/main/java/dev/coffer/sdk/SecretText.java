package dev.coffer.sdk;

/**
 * A secret value or comment. {@link #reveal()} gives the text; {@code toString} never does, so a
 * value cannot reach a log line by accident.
 */
public final class SecretText {

    private final String text;

    private SecretText(String text) {
        this.text = text == null ? "" : text;
    }

    public static SecretText of(String text) {
        return new SecretText(text);
    }

    /** The plaintext. */
    public String reveal() {
        return text;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretText s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "SecretText[redacted]";
    }
}
