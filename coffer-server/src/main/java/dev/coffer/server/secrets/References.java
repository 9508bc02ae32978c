package dev.coffer.server.secrets;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.projects.SecretPath;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands secret references in values: {@code ${KEY}} (same environment and folder),
 * {@code ${env.KEY}} (root of environment {@code env}) and {@code ${env.a.b.KEY}} (folder
 * {@code /a/b} of {@code env}). Referenced values are expanded in turn, relative to their own
 * location, up to {@link #MAX_DEPTH} levels; a cycle or a deeper chain is a 400 naming the chain. A
 * reference to a secret that does not exist stays as written, so the gap is visible.
 *
 * <p>One instance serves one request. It remembers each location it expanded (environment, folder,
 * name), so a secret referenced many times is read and expanded once, and it bounds the work a
 * request can cause, since references multiply (eight secrets each naming the next ten times expand to
 * 10⁸ copies): at most {@link #MAX_VALUE_BYTES} of expanded output per value, {@link
 * #MAX_REQUEST_BYTES} produced in all, and {@link #MAX_LOOKUPS} secrets looked up. Going over any of
 * them is a 422 naming the chain being expanded.
 */
final class References {

    static final int MAX_DEPTH = 10;
    /** Expanded output of one value, referenced ones included: 1 MiB. */
    static final long MAX_VALUE_BYTES = 1L << 20;
    /** Everything expansion produces for one request (every value, at every level): 8 MiB. */
    static final long MAX_REQUEST_BYTES = 8L << 20;
    /** Distinct secrets one request may look up for expansion. */
    static final int MAX_LOOKUPS = 2000;

    private static final Pattern REF = Pattern.compile("\\$\\{([^}$\\s]+)}");

    /** Where a value lives, and how to read another secret's raw (unexpanded) value. */
    interface Lookup {
        /**
         * The raw value of {@code key} in folder {@code path} of environment {@code env}; empty when it
         * does not exist. Throws 403 when the caller may not read that environment.
         */
        Optional<String> raw(String env, SecretPath path, String key);
    }

    private record Location(String env, SecretPath path, String key) {
        @Override
        public String toString() {
            return env + ":" + path + (path.isRoot() ? "" : "/") + key;
        }
    }

    /**
     * A location's expanded value (null: it does not exist), its size in UTF-8 bytes, and how many
     * levels of references lie below it (0 when its value names none), so a remembered expansion used
     * deeper in a chain fails the depth limit exactly as expanding it again would.
     */
    private record Expanded(String value, long bytes, int height) {
        static final Expanded MISSING = new Expanded(null, 0, 0);
    }

    private final Lookup lookup;
    private final Map<Location, Expanded> memo = new HashMap<>();
    private long produced;

    References(Lookup lookup) {
        this.lookup = lookup;
    }

    static boolean mayContain(String value) {
        return value.contains("${");
    }

    /** {@code value}, the value of secret {@code key} in folder {@code path} of {@code env}, expanded. */
    String expand(String value, String env, SecretPath path, String key) {
        Deque<Location> chain = new ArrayDeque<>();
        chain.push(new Location(env, path, key));
        return expand(value, env, path, chain).value();
    }

    private Expanded expand(String value, String env, SecretPath path, Deque<Location> chain) {
        if (!mayContain(value)) return new Expanded(value, utf8Length(value, 0, value.length()), 0);
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        long bytes = 0;
        int height = 0;
        int last = 0;
        while (m.find()) {
            bytes = append(out, bytes, value, last, m.start(), chain);
            last = m.end();
            Location target = parse(m.group(1), env, path);
            Expanded resolved = target == null ? Expanded.MISSING : resolve(target, chain);
            if (target != null) height = Math.max(height, 1 + resolved.height());
            bytes = resolved.value() == null
                    ? append(out, bytes, value, m.start(), m.end(), chain)
                    : append(out, bytes, resolved.value(), resolved.bytes(), chain);
        }
        bytes = append(out, bytes, value, last, value.length(), chain);
        return new Expanded(out.toString(), bytes, height);
    }

    /** The expansion of {@code target}, reached through {@code chain}: remembered, or looked up and expanded once. */
    private Expanded resolve(Location target, Deque<Location> chain) {
        if (chain.contains(target)) {
            throw new ApiException.BadRequest("Secret reference cycle: " + describe(chain, target)
                    + ". Change one of these values to break the cycle.");
        }
        if (chain.size() > MAX_DEPTH) throw tooDeep(describe(chain, target));
        Expanded known = memo.get(target);
        if (known != null) {
            if (chain.size() + known.height() > MAX_DEPTH) {
                throw tooDeep(describe(chain, target) + " -> … (" + known.height() + " more levels)");
            }
            return known;
        }
        if (memo.size() >= MAX_LOOKUPS) {
            throw overBudget(
                    chain,
                    target,
                    "looked up more than " + MAX_LOOKUPS + " secrets",
                    "Read fewer secrets at a time (a folder rather than a recursive listing)");
        }
        Optional<String> raw = lookup.raw(target.env(), target.path(), target.key());
        Expanded result = Expanded.MISSING;
        if (raw.isPresent()) {
            chain.push(target);
            result = expand(raw.get(), target.env(), target.path(), chain);
            chain.pop();
        }
        memo.put(target, result);
        return result;
    }

    private long append(StringBuilder out, long bytes, String s, int from, int to, Deque<Location> chain) {
        return from == to ? bytes : append(out, bytes, s.substring(from, to), utf8Length(s, from, to), chain);
    }

    /** Appends {@code s} ({@code n} UTF-8 bytes) to a value being expanded, within both budgets. */
    private long append(StringBuilder out, long bytes, String s, long n, Deque<Location> chain) {
        produced += n;
        if (bytes + n > MAX_VALUE_BYTES) {
            throw overBudget(
                    chain,
                    null,
                    "exceeded " + MAX_VALUE_BYTES + " bytes (1 MiB) for one value",
                    "Each ${…} repeats the whole value it names: reference large values fewer times");
        }
        if (produced > MAX_REQUEST_BYTES) {
            throw overBudget(
                    chain,
                    null,
                    "exceeded " + MAX_REQUEST_BYTES + " bytes (8 MiB) for this request",
                    "Read fewer secrets at a time, or reference large values fewer times");
        }
        out.append(s);
        return bytes + n;
    }

    private static ApiException tooDeep(String chain) {
        return new ApiException.BadRequest(
                "Secret references nest deeper than " + MAX_DEPTH + " levels: " + chain + ".");
    }

    private static ApiException overBudget(Deque<Location> chain, Location next, String what, String todo) {
        String path = next == null ? describe(chain) : describe(chain, next);
        return new ApiException.Validation(
                "expandSecretReferences",
                "Expanding " + path + " " + what + ". " + todo
                        + "; or read with expandSecretReferences=false to get the values as stored.");
    }

    /** The secret a reference points at, or null when it is not a well-formed reference. */
    private static Location parse(String ref, String env, SecretPath path) {
        String[] parts = ref.split("\\.", -1);
        try {
            if (parts.length == 1) return new Location(env, path, SecretInput.validKey(parts[0], "reference"));
            String[] folders = Arrays.copyOfRange(parts, 1, parts.length - 1);
            SecretPath p = folders.length == 0 ? SecretPath.ROOT : SecretPath.parse("/" + String.join("/", folders));
            if (parts[0].isEmpty()) return null;
            return new Location(parts[0], p, SecretInput.validKey(parts[parts.length - 1], "reference"));
        } catch (ApiException e) {
            return null;
        }
    }

    private static String describe(Deque<Location> chain, Location next) {
        return describe(chain) + " -> " + next;
    }

    private static String describe(Deque<Location> chain) {
        StringBuilder sb = new StringBuilder();
        var it = chain.descendingIterator();
        while (it.hasNext()) {
            sb.append(it.next());
            if (it.hasNext()) sb.append(" -> ");
        }
        return sb.toString();
    }

    private static long utf8Length(String s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}
