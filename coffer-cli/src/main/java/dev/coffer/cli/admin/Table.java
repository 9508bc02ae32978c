package dev.coffer.cli.admin;

import java.util.ArrayList;
import java.util.List;

/** Rows printed as aligned columns under a header, on standard output; an empty table prints a note on stderr. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    public Table(String... header) {
        this.header = header;
    }

    public Table row(Object... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            Object c = i < cells.length ? cells[i] : null;
            r[i] = c == null ? "" : oneLine(c.toString());
        }
        rows.add(r);
        return this;
    }

    /** Prints the table; {@code none} (e.g. "no projects") goes to stderr when there are no rows. */
    public void print(String none) {
        if (rows.isEmpty()) {
            dev.coffer.cli.Console.info(none + ".");
            return;
        }
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) w[i] = header[i].length();
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        System.out.println(line(header, w));
        for (String[] r : rows) System.out.println(line(r, w));
    }

    private static String line(String[] cells, int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append("  ");
            sb.append(cells[i]);
            if (i < cells.length - 1) sb.append(" ".repeat(w[i] - cells[i].length()));
        }
        return sb.toString().stripTrailing();
    }

    /** Control characters (a name could hold any) shown as '?', so a cell cannot move the cursor. */
    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }
}
