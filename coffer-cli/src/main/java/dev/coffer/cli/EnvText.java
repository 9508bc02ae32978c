package dev.coffer.cli;

import dev.coffer.formats.DotenvParser;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads NAME=value text strictly: a line that is not an assignment stops the command, naming the line. */
final class EnvText {

    private EnvText() {}

    static Map<String, String> parse(String content, String source) {
        DotenvParser.ParseResult res = DotenvParser.parse(content, source);
        if (!res.problems().isEmpty()) {
            DotenvParser.Problem p = res.problems().getFirst();
            throw new CliException(source + ":" + p.line() + ": " + p.message(), 2);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (DotenvParser.Entry e : res.entries()) out.put(e.key(), e.value());
        return out;
    }
}
