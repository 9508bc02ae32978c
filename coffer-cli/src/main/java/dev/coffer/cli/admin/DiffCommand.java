package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.Connection;
import dev.coffer.cli.HelpOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer diff dev prod}: which keys of a folder exist in which environments and where values
 * differ, compared by the server (names and versions only, never values).
 */
@Command(
        name = "diff",
        description = {
            "Compare a folder across environments: which keys each has (with their",
            "versions) and where the values differ. Values are compared by the server",
            "and never shown. '?' means you may not read both values.",
            "",
            "Examples:",
            "  coffer diff dev prod --path /api",
            "  coffer diff dev staging prod --recursive",
            "  coffer diff staging prod --exit-code || echo 'not in step'"
        })
public final class DiffCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "ENV", arity = "2..10", description = "Two or more environments (slugs).")
    List<String> environments;

    @Option(names = "--recursive", description = "Compare the folders below --path too.")
    boolean recursive;

    @Option(names = "--exit-code", description = "Exit 1 when any key is missing somewhere or differs.")
    boolean exitCode;

    @Override
    public Integer call() throws java.io.IOException {
        return Api.run(connection, api -> {
            String path = api.settings().path();
            JsonNode rows = api.get(
                            "/api/v1/secrets/compare",
                            Map.of(
                                    "projectId",
                                    api.projectId(),
                                    "environments",
                                    String.join(",", environments),
                                    "secretPath",
                                    path,
                                    "recursive",
                                    String.valueOf(recursive)))
                    .path("secrets");
            List<String> header = new ArrayList<>();
            header.add("KEY");
            if (recursive) header.add("PATH");
            for (String e : environments) header.add(e.toUpperCase(java.util.Locale.ROOT));
            header.add("STATUS");
            Table t = new Table(header.toArray(String[]::new));
            boolean apart = false;
            for (JsonNode r : rows) {
                List<Object> cells = new ArrayList<>();
                cells.add(r.path("key").asText());
                if (recursive) cells.add(r.path("path").asText());
                List<String> missing = new ArrayList<>();
                for (String e : environments) {
                    JsonNode p = r.path("presentIn").path(e);
                    cells.add(p.isMissingNode() ? "-" : "v" + p.path("version").asLong());
                    if (p.isMissingNode()) missing.add(e);
                }
                String status;
                if (!missing.isEmpty()) status = "missing in " + String.join(", ", missing);
                else if (r.path("same").isNull()) status = "?";
                else status = r.path("same").asBoolean() ? "same" : "differs";
                if (!status.equals("same")) apart = true;
                cells.add(status);
                t.row(cells.toArray());
            }
            t.print("no secrets in " + path + " of " + String.join(", ", environments));
            return exitCode && apart ? 1 : 0;
        });
    }
}
