package dev.coffer.cli.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Entropy, placeholder and naming heuristics that separate real secrets from examples and code. */
public final class Heuristics {
    /** Minimum Shannon entropy (bits per character) of a value assigned to a key/secret/token name. */
    public static final double ASSIGNMENT_ENTROPY = 3.5;
    /** Passwords are chosen by people and hex strings have at most 4 bits per character: a lower bar. */
    public static final double PASSWORD_OR_HEX_ENTROPY = 3.0;
    /** Values shorter than this are never reported by the generic rule. */
    public static final int MIN_VALUE_LENGTH = 8;

    private static final Set<String> SUFFIXES =
            Set.of("key", "secret", "token", "password", "passwd", "pwd", "passphrase", "credential", "credentials");
    private static final Set<String> PASSWORD_WORDS = Set.of("password", "passwd", "pwd", "passphrase");
    /** Words glued in front of a suffix that still make a secret name: {@code APIKEY}, {@code authToken}. */
    private static final Set<String> GLUED_PREFIXES = Set.of(
            "api",
            "secret",
            "access",
            "private",
            "auth",
            "client",
            "app",
            "master",
            "signing",
            "encryption",
            "bot",
            "refresh",
            "session",
            "webhook",
            "deploy",
            "service",
            "db",
            "admin",
            "root",
            "user",
            "account");
    /** Words before {@code key}/{@code token} that make the name a non-secret: {@code PUBLIC_KEY}, {@code NEXT_TOKEN}. */
    private static final Set<String> HARMLESS_QUALIFIERS = Set.of(
            "public",
            "primary",
            "foreign",
            "sort",
            "partition",
            "cache",
            "idempotency",
            "hash",
            "range",
            "next",
            "page",
            "continuation",
            "pagination",
            "lookup",
            "i18n",
            "translation",
            "message",
            "csrf");

    private static final List<String> PLACEHOLDER_WORDS = List.of(
            "changeme",
            "change_me",
            "change-me",
            "example",
            "placeholder",
            "redacted",
            "dummy",
            "sample",
            "notasecret",
            "not-a-secret",
            "not_a_secret",
            "<",
            ">",
            "...",
            "${",
            "$(",
            "{{",
            "%(",
            "#{",
            "%s");
    private static final Pattern YOUR_HERE = Pattern.compile("(?i)^your.*|.*[-_.]here$");
    private static final Pattern ENV_REFERENCE = Pattern.compile("^\\$[A-Za-z_{(]");
    private static final Pattern DOTTED_IDENTIFIER =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private Heuristics() {}

    /** Shannon entropy of {@code s} in bits per character. */
    public static double entropy(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int[] counts = new int[128];
        java.util.Map<Character, Integer> other = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                if (other == null) {
                    other = new java.util.HashMap<>();
                }
                other.merge(c, 1, Integer::sum);
            }
        }
        double n = s.length();
        double h = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = count / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other != null) {
            for (int count : other.values()) {
                double p = count / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    /** True when every character of {@code s} is the same one (or {@code s} is empty). */
    public static boolean allSameChar(String s) {
        return s.chars().distinct().count() <= 1;
    }

    /**
     * True for values that are documentation or templating rather than a secret: {@code changeme},
     * {@code xxxx}, {@code <your-password>}, {@code ${VAR}}, {@code $(cmd)}, {@code your-key-here},
     * anything with {@code example}, a run of one character.
     */
    public static boolean isPlaceholder(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String word : PLACEHOLDER_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return lower.startsWith("xxx")
                || lower.contains("xxxxx")
                || lower.contains("*****")
                || allSameChar(lower)
                || YOUR_HERE.matcher(lower).matches()
                || ENV_REFERENCE.matcher(value).find();
    }

    /** Rejects obviously fake tokens: examples, {@code xxxxx} runs and low-entropy filler after a known prefix. */
    public static boolean plausibleToken(String token, double minEntropy) {
        String lower = token.toLowerCase(Locale.ROOT);
        return !lower.contains("example")
                && !lower.contains("xxxxx")
                && !lower.contains("00000000")
                && entropy(token) >= minEntropy;
    }

    /** Whether {@code s} contains an ASCII digit. */
    public static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                return true;
            }
        }
        return false;
    }

    /** Splits {@code apiKey}, {@code API_KEY}, {@code api-key}, {@code app.api_key} into lower-case words. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean separator = c == '_' || c == '-' || c == '.';
            boolean camelBreak = i > 0
                    && Character.isUpperCase(c)
                    && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
            if ((separator || camelBreak) && current.length() > 0) {
                words.add(current.toString().toLowerCase(Locale.ROOT));
                current.setLength(0);
            }
            if (!separator) {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            words.add(current.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    /**
     * Whether {@code name} names a secret: it ends in {@code KEY}, {@code SECRET}, {@code TOKEN},
     * {@code PASSWORD}, {@code PASSWD}, {@code PWD}, {@code PASSPHRASE} or {@code CREDENTIALS}, as a word
     * ({@code DB_PASSWORD}, {@code apiKey}) or glued to a known prefix ({@code APIKEY}). A bare {@code key}
     * and harmless kinds of key ({@code PUBLIC_KEY}, {@code sort_key}, {@code next_token}) are not secrets.
     */
    public static boolean isSecretName(String name) {
        List<String> words = words(name);
        if (words.isEmpty()) {
            return false;
        }
        String last = words.get(words.size() - 1);
        String suffix = SUFFIXES.contains(last) ? last : gluedSuffix(last);
        if (suffix == null) {
            return false;
        }
        if (words.size() == 1 && last.equals("key")) {
            return false;
        }
        String qualifier = words.size() > 1 ? words.get(words.size() - 2) : "";
        return !HARMLESS_QUALIFIERS.contains(qualifier) && !last.startsWith("public");
    }

    private static String gluedSuffix(String word) {
        for (String suffix : SUFFIXES) {
            if (word.endsWith(suffix) && GLUED_PREFIXES.contains(word.substring(0, word.length() - suffix.length()))) {
                return suffix;
            }
        }
        return null;
    }

    /**
     * Whether {@code value} reads as words rather than random characters: split at separators, digits and
     * camel-case humps, its letter runs average at least 4 letters and at most a quarter are 1–2 letters
     * ({@code http.KeepAlive.remainingData} is wordy; {@code Zo1LqT8xVbN3kR2m} is not).
     */
    public static boolean isWordy(String value) {
        int words = 0;
        int letters = 0;
        int shortWords = 0;
        int run = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ' ';
            boolean letter = c < 128 && Character.isLetter(c);
            boolean hump = letter && run > 0 && Character.isUpperCase(c) && Character.isLowerCase(value.charAt(i - 1));
            if ((!letter || hump) && run > 0) {
                words++;
                letters += run;
                shortWords += run <= 2 ? 1 : 0;
                run = 0;
            }
            if (letter) {
                run++;
            }
        }
        return words > 0 && letters >= 4.0 * words && shortWords * 4 <= words;
    }

    /** Whether a secret name is a password kind (lower entropy bar). */
    public static boolean isPasswordName(String name) {
        List<String> words = words(name);
        if (words.isEmpty()) {
            return false;
        }
        String last = words.get(words.size() - 1);
        return PASSWORD_WORDS.stream().anyMatch(last::endsWith);
    }

    /**
     * Whether the value of a secret-named assignment looks like a real secret.
     *
     * @param value    the value without quotes
     * @param quoted   whether it was written in quotes (unquoted values in code are usually expressions)
     * @param password whether the name is a password kind
     */
    public static boolean isSecretValue(String value, boolean quoted, boolean password) {
        if (value.length() < MIN_VALUE_LENGTH || value.length() > 1000 || isPlaceholder(value)) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("/")
                || lower.startsWith("./")
                || lower.startsWith("../")
                || lower.startsWith("~/")
                || lower.startsWith("http://")
                || lower.startsWith("https://")
                || lower.startsWith("file:")) {
            return false;
        }
        if (!quoted) {
            if (value.indexOf('(') >= 0 || value.indexOf('[') >= 0 || value.indexOf('{') >= 0) {
                return false;
            }
            if (CONSTANT_NAME.matcher(value).matches()
                    || (DOTTED_IDENTIFIER.matcher(value).matches() && (!hasDigit(value) || value.indexOf('.') > 0))) {
                return false; // a reference in code: OTHER_CONSTANT, config.apiKey, x509Possession.popPrivateKey
            }
        }
        if (!password && isWordy(value)) {
            return false; // a property name or label: "jdk.invoke.dumpProxyClassFiles", "SunTlsRsaPremasterSecret"
        }
        boolean hex = HEX.matcher(value).matches();
        double threshold = password || hex ? PASSWORD_OR_HEX_ENTROPY : ASSIGNMENT_ENTROPY;
        return entropy(value) >= threshold;
    }
}
