package dev.coffer.server.secrets;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.projects.SecretPath;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands secret references in values: {@code ${KEY}} (same environment and folder),
 * {@code ${env.KEY}} (root of environment {@code env}) and {@code ${env.a.b.KEY}} (folder
 * {@code /a/b} of {@code env}). Referenced values are expanded in turn, relative to their own
 * location, up to {@link #MAX_DEPTH} levels; a cycle or a deeper chain is a 400 naming the chain. A
 * reference to a secret that does not exist stays as written, so the gap is visible.
 */
final class References {

    static final int MAX_DEPTH = 10;
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

    private References() {}

    static boolean mayContain(String value) {
        return value.contains("${");
    }

    static String expand(String value, String env, SecretPath path, String key, Lookup lookup) {
        Deque<Location> chain = new ArrayDeque<>();
        chain.push(new Location(env, path, key));
        return expand(value, env, path, lookup, chain);
    }

    private static String expand(String value, String env, SecretPath path, Lookup lookup, Deque<Location> chain) {
        if (!mayContain(value)) return value;
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Location target = parse(m.group(1), env, path);
            String replacement = m.group();
            if (target != null) {
                if (chain.contains(target)) {
                    throw new ApiException.BadRequest("Secret reference cycle: " + describe(chain, target)
                            + ". Change one of these values to break the cycle.");
                }
                if (chain.size() > MAX_DEPTH) {
                    throw new ApiException.BadRequest("Secret references nest deeper than " + MAX_DEPTH + " levels: "
                            + describe(chain, target) + ".");
                }
                Optional<String> raw = lookup.raw(target.env(), target.path(), target.key());
                if (raw.isPresent()) {
                    chain.push(target);
                    replacement = expand(raw.get(), target.env(), target.path(), lookup, chain);
                    chain.pop();
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
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
        StringBuilder sb = new StringBuilder();
        var it = chain.descendingIterator();
        while (it.hasNext()) sb.append(it.next()).append(" -> ");
        return sb.append(next).toString();
    }
}
