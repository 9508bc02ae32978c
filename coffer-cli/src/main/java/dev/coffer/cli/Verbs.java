package dev.coffer.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Unknown verbs. picocli would print the main help and exit 0 for {@code coffer operator --help}, and
 * its "did you mean" lists verbs that merely share letters; here an unknown verb is a usage error (exit
 * 2) and a suggestion is made only for a verb within a typo or two of what was typed.
 */
final class Verbs {

    private Verbs() {}

    /**
     * The message for the first word of {@code args} that names no verb where a verb is expected, or
     * null when every verb is known (options and what follows them are left to picocli).
     */
    static String unknownCommand(CommandLine root, String... args) {
        CommandLine current = root;
        for (String arg : args) {
            if (arg.startsWith("-")) return null;
            Map<String, CommandLine> verbs = current.getSubcommands();
            if (verbs.isEmpty()) return null;
            CommandLine next = verbs.get(arg);
            if (next == null) {
                if (!current.getCommandSpec().positionalParameters().isEmpty()) return null;
                String where = current == root
                        ? ""
                        : " for '" + current.getCommandSpec().qualifiedName() + "'";
                String close = closest(arg, verbs.keySet());
                return "unknown command '" + arg + "'" + where + "."
                        + (close == null ? "" : " Did you mean '" + close + "'?")
                        + " See '" + current.getCommandSpec().qualifiedName() + " --help'.";
            }
            current = next;
        }
        return null;
    }

    /** The one verb closest to {@code typed} when it is a small edit away (or typed is its prefix), else null. */
    static String closest(String typed, Iterable<String> verbs) {
        String t = typed.toLowerCase(Locale.ROOT);
        List<String> best = new ArrayList<>();
        int bestDistance = Integer.MAX_VALUE;
        for (String v : verbs) {
            int d = v.startsWith(t) && t.length() >= 2 ? 0 : distance(t, v);
            if (d < bestDistance) {
                bestDistance = d;
                best.clear();
            }
            if (d == bestDistance) best.add(v);
        }
        int allowed = Math.max(1, Math.min(2, t.length() / 3));
        return bestDistance <= allowed && best.size() == 1 ? best.getFirst() : null;
    }

    /** Edit distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
