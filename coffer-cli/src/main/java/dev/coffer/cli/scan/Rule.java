package dev.coffer.cli.scan;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of secret the scanner looks for.
 *
 * <p>A line is only matched against the rule's patterns when it contains one of the rule's keywords
 * (lower-case, compared against the lower-cased line); that pre-filter is what keeps the scan fast.
 * Each pattern names the secret part with the capturing group {@code secret}; the {@link Check} then
 * decides whether that candidate is a real secret or a placeholder.
 *
 * @param id          stable identifier used in reports, SARIF and {@code rule:<id>} allow-list lines
 * @param description one-line human description
 * @param severity    how bad a leak of this kind is
 * @param kind        how the secret is extracted from a match
 * @param keywords    lower-case substrings of which at least one must occur on a line
 * @param patterns    regular expressions, each with a group named {@code secret} (or {@code keyword} for assignments)
 * @param check       accepts or rejects a candidate secret
 */
public record Rule(
        String id,
        String description,
        Severity severity,
        Kind kind,
        List<String> keywords,
        List<Pattern> patterns,
        Check check) {

    /** How a match turns into a secret. */
    public enum Kind {
        /** The {@code secret} group of the match is the secret. */
        TOKEN,
        /** The match is a PEM/OpenSSH header; the secret is the base64 body that follows it. */
        PRIVATE_KEY,
        /**
         * The match is a name's last word (group {@code keyword}) and an operator, as in {@code API_KEY =}; the
         * whole name is read backwards from there and the secret is the value after it, parsed by {@link Assignments}.
         */
        ASSIGNMENT
    }

    /** Decides whether a candidate is a secret. {@code match} is the regex match that produced it. */
    @FunctionalInterface
    public interface Check {
        boolean accept(String secret, Matcher match);

        Check ANY = (secret, match) -> true;
    }

    public Rule {
        Objects.requireNonNull(id);
        Objects.requireNonNull(description);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(kind);
        keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        patterns = List.copyOf(patterns);
        check = check == null ? Check.ANY : check;
        if (keywords.isEmpty() || patterns.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + " needs keywords and patterns");
        }
    }

    /** A token rule with one pattern. */
    static Rule token(
            String id, String description, Severity severity, List<String> keywords, String regex, Check check) {
        return new Rule(id, description, severity, Kind.TOKEN, keywords, List.of(Pattern.compile(regex)), check);
    }
}
