package dev.coffer.server.console;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines two values have in common and those only one has (a longest-common-subsequence diff),
 * for the secret page's value comparison. Values over {@link #MAX_LINES} lines are compared as two
 * blocks (all removed, all added), which bounds the work at about a million cells.
 */
final class LineDiff {

    static final int MAX_LINES = 1000;

    /** One line: {@code ' '} in both, {@code '-'} only in the first, {@code '+'} only in the second. */
    record Line(char mark, String text) {}

    private LineDiff() {}

    static List<Line> of(String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        List<Line> out = new ArrayList<>();
        if (a.length > MAX_LINES || b.length > MAX_LINES) {
            for (String l : a) out.add(new Line('-', l));
            for (String l : b) out.add(new Line('+', l));
            return out;
        }
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] =
                        a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add(new Line(' ', a[i++]));
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                out.add(new Line('-', a[i++]));
            } else {
                out.add(new Line('+', b[j++]));
            }
        }
        while (i < a.length) out.add(new Line('-', a[i++]));
        while (j < b.length) out.add(new Line('+', b[j++]));
        return out;
    }

    /** As text: each line behind its mark and a space. */
    static String text(List<Line> lines) {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) sb.append(l.mark()).append(' ').append(l.text()).append('\n');
        return sb.toString();
    }

    /** As an escaped HTML fragment: one span a line, classed by its mark. */
    static String html(List<Line> lines) {
        StringBuilder sb = new StringBuilder("<pre class=\"value diff\" tabindex=\"-1\">");
        for (Line l : lines) {
            String css = l.mark() == '-' ? "del" : l.mark() == '+' ? "ins" : "same";
            sb.append("<span class=\"")
                    .append(css)
                    .append("\">")
                    .append(l.mark())
                    .append(' ')
                    .append(Html.escape(l.text()))
                    .append("</span>\n");
        }
        return sb.append("</pre>").toString();
    }
}
