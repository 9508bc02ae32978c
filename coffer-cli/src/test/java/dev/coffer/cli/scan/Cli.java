package dev.coffer.cli.scan;

import dev.coffer.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code coffer …} in-process through {@link Main}'s command line and captures its output. */
final class Cli {
    /** Everything any command printed in this JVM, for the "never prints a secret" checks. */
    static final List<String> ALL_OUTPUT = java.util.Collections.synchronizedList(new ArrayList<>());

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Cli() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        Result r = new Result(exit, out.toString(), err.toString());
        ALL_OUTPUT.add(r.all());
        return r;
    }
}
