package dev.coffer.cli;

import dev.coffer.formats.ExportFormat;
import dev.coffer.sdk.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coffer export}: writes the secrets of one environment and path in a common format. */
@Command(
        name = "export",
        description = {
            "Write secrets as dotenv, dotenv-export, json, yaml or csv, to stdout or a",
            "file (mode 0600). dotenv-export is for shells: every value is single-quoted,",
            "so 'source' or 'eval' sets exactly the value and runs nothing in it.",
            "",
            "Examples:",
            "  coffer export --env prod --format json -o prod.json",
            "  coffer export --format dotenv > .env   # round-trips through 'coffer import'",
            "  eval \"$(coffer export --format dotenv-export)\""
        })
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    Connection connection;

    @Option(
            names = {"--format", "-f"},
            defaultValue = "dotenv",
            description = "dotenv (default), dotenv-export, json, yaml or csv.")
    String format;

    @Option(
            names = {"--output", "-o", "--output-file"},
            description = "Write to this file (created with mode 0600) instead of stdout.")
    Path output;

    @Option(names = "--recursive", description = "Include sub-folders (a later path wins for a repeated name).")
    boolean recursive;

    @Option(
            names = "--expand",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Expand $${...} references (default: true).")
    boolean expand;

    @Override
    public Integer call() throws IOException {
        ExportFormat f;
        try {
            f = ExportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        Map<String, String> secrets = connection.use((r, c) -> {
            var scope = Connection.scope(r).withRecursive(recursive).withExpand(expand);
            var listed = c.listSecrets(scope);
            SecretListing.checkNotEmpty(c, scope, r, listed.size());
            return SecretListing.toMap(listed);
        });
        String text;
        try {
            text = f.write(new ArrayList<>(secrets.entrySet()));
        } catch (IllegalArgumentException e) {
            // a name the format cannot hold (e.g. a dotenv-invalid key); the message names the key, never a value
            throw new CliException("Cannot export as " + f + ": " + e.getMessage());
        }
        if (output == null) {
            System.out.print(text);
            System.out.flush();
        } else {
            PrivateFiles.write(output, text.getBytes(StandardCharsets.UTF_8));
            Console.info("wrote " + secrets.size() + " secrets to " + output + " (mode 0600).");
        }
        return 0;
    }
}
