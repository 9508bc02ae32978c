package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.Connection;
import dev.coffer.cli.HelpOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A {@code list} verb: fetches one answer from the server and prints it as a table, or as the server's
 * JSON with {@code --json}. Subclasses say where to fetch from and how to lay the table out.
 */
abstract class ListVerb implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    Connection connection;

    @Option(names = "--json", description = "Print the server's JSON answer.")
    boolean json;

    /** The server's answer to list. */
    abstract JsonNode fetch(Api api);

    /** The answer as a table on standard output. */
    abstract void print(JsonNode answer);

    @Override
    public Integer call() throws java.io.IOException {
        return Api.run(connection, api -> {
            JsonNode r = fetch(api);
            if (json) Api.printJson(r);
            else print(r);
            return 0;
        });
    }
}
