package dev.coffer.server.console;

import dev.coffer.server.tags.Tag;
import java.util.List;
import java.util.Locale;

/**
 * Tags as the console shows them. A tag's colour is free text in the API (Infisical sends hex such as
 * {@code #e5484d}); pages carry no inline style, so each colour is shown as the nearest of a few tones
 * the stylesheet defines ({@code tag-red} … {@code tag-gray}), with the colour itself in the title.
 */
final class Tags {

    private Tags() {}

    /** The colours the console offers when creating a tag, by tone. */
    static final List<HistoryViews.Choice> COLOURS = List.of(
            new HistoryViews.Choice("#e5484d", "red"),
            new HistoryViews.Choice("#f76b15", "orange"),
            new HistoryViews.Choice("#ffc53d", "yellow"),
            new HistoryViews.Choice("#30a46c", "green"),
            new HistoryViews.Choice("#12a594", "teal"),
            new HistoryViews.Choice("#0090ff", "blue"),
            new HistoryViews.Choice("#8e4ec6", "purple"),
            new HistoryViews.Choice("#8b8d98", "gray"));

    static HistoryViews.TagItem item(Tag t) {
        return new HistoryViews.TagItem(
                t.id(), t.slug(), t.name(), t.color() == null ? "" : t.color(), tone(t.color()));
    }

    static List<HistoryViews.TagItem> items(List<Tag> tags) {
        return tags.stream().map(Tags::item).toList();
    }

    /** The tone nearest to a colour: a hex colour by its hue, a colour name as itself, anything else gray. */
    static String tone(String color) {
        if (color == null || color.isBlank()) return "gray";
        String c = color.strip().toLowerCase(Locale.ROOT);
        for (HistoryViews.Choice k : COLOURS)
            if (k.label().equals(c) || k.value().equals(c)) return k.label();
        if (c.matches("#[0-9a-f]{3}")) {
            c = "#" + c.charAt(1) + c.charAt(1) + c.charAt(2) + c.charAt(2) + c.charAt(3) + c.charAt(3);
        }
        if (!c.matches("#[0-9a-f]{6}([0-9a-f]{2})?")) return "gray";
        float r = Integer.parseInt(c.substring(1, 3), 16) / 255f;
        float g = Integer.parseInt(c.substring(3, 5), 16) / 255f;
        float b = Integer.parseInt(c.substring(5, 7), 16) / 255f;
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        if (max - min < 0.12f) return "gray";
        float d = max - min;
        float h;
        if (max == r) h = 60 * (((g - b) / d) % 6);
        else if (max == g) h = 60 * ((b - r) / d + 2);
        else h = 60 * ((r - g) / d + 4);
        if (h < 0) h += 360;
        if (h < 18 || h >= 330) return "red";
        if (h < 40) return "orange";
        if (h < 70) return "yellow";
        if (h < 160) return "green";
        if (h < 190) return "teal";
        if (h < 250) return "blue";
        return "purple";
    }
}
