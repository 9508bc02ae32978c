package dev.coffer.server.console;

import dev.coffer.formats.DotenvParser;
import dev.coffer.formats.ExportFormat;
import dev.coffer.server.http.Router;
import dev.coffer.server.secrets.Secret;
import dev.coffer.server.secrets.SecretInput;
import dev.coffer.server.secrets.SecretService;
import dev.coffer.server.secrets.SecretValue;
import dev.coffer.server.secrets.SecretWrites;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pasted {@code .env} file: first a preview of what it would create, change or skip (compared with
 * the folder's values on the server; the page names keys only), then, on Apply, one batch write.
 * And the folder's values as a download ({@code .env}, JSON or YAML), never cached.
 */
final class ImportExport {

    private final FolderScreen folder;
    private final SecretService secrets;
    private final SecretWrites writes;

    ImportExport(FolderScreen folder, SecretService secrets, SecretWrites writes) {
        this.folder = folder;
        this.secrets = secrets;
        this.writes = writes;
    }

    void register(Console console, Router r) {
        String base = "/projects/{projectId}/env/{env}";
        console.post(r, base + "/import", c -> {
            SecretService.Location loc = folder.location(c);
            String text = c.form().get("dotenv", "");
            // the parser the CLI's import uses: the same file reads the same way in both
            DotenvParser.ParseResult result = DotenvParser.parse(text, "pasted text");
            Map<String, String> values = new LinkedHashMap<>();
            for (DotenvParser.Entry e : result.entries()) values.put(e.key(), e.value());
            List<String> problems = new ArrayList<>();
            for (DotenvParser.Problem p : result.problems()) problems.add("line " + p.line() + ": " + p.message());
            if (values.isEmpty()) {
                return folder.page(
                        c,
                        400,
                        "dotenv",
                        "Nothing to import: paste lines like KEY=value"
                                + (problems.isEmpty() ? "." : " (" + String.join("; ", problems) + ")."),
                        null);
            }
            Map<String, String> current = new HashMap<>();
            for (Secret s : secrets.list(c.actor(), loc, false, false))
                current.put(s.key(), s.value().reveal());
            List<String> created = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            List<String> skipped = new ArrayList<>(problems);
            List<SecretInput> inputs = new ArrayList<>();
            for (Map.Entry<String, String> e : values.entrySet()) {
                String now = current.get(e.getKey());
                if (now != null && now.equals(e.getValue())) {
                    skipped.add(e.getKey() + " (unchanged)");
                    continue;
                }
                (now == null ? created : changed).add(e.getKey());
                inputs.add(
                        new SecretInput(e.getKey(), null, new SecretValue(e.getValue()), null, null, null, null, null));
            }
            if (!"apply".equals(c.form().get("step")) || inputs.isEmpty()) {
                return folder.page(c, 200, null, null, new Views.ImportPlan(created, changed, skipped, text));
            }
            writes.updateBatch(c.actor(), loc, inputs, true);
            String summary =
                    created.size() + " created, " + changed.size() + " changed, " + skipped.size() + " skipped";
            return Page.redirect(
                    FolderScreen.base(loc.project(), loc.environment()) + "?path=" + Console.enc(loc.path())
                            + "&imported=" + Console.enc(summary),
                    null);
        });
        console.post(r, base + "/download", c -> {
            SecretService.Location loc = folder.location(c);
            List<Map.Entry<String, String>> values = new ArrayList<>();
            for (Secret s : secrets.list(c.actor(), loc, false, false))
                values.add(Map.entry(s.key(), s.value().reveal()));
            String format = c.form().get("format", "env");
            String name = loc.environment()
                    + (loc.path().equals("/") ? "" : loc.path().replace('/', '_'));
            // the writers of the CLI's export: a download and `coffer export` give the same file
            try {
                return switch (format) {
                    case "json" ->
                        download(ExportFormat.JSON.write(values), name + ".json", "application/json; charset=utf-8");
                    case "yaml" ->
                        download(ExportFormat.YAML.write(values), name + ".yaml", "application/yaml; charset=utf-8");
                    default -> download(ExportFormat.DOTENV.write(values), name + ".env", "text/plain; charset=utf-8");
                };
            } catch (IllegalArgumentException e) {
                // a key the format cannot carry (its message names the key, never a value)
                return folder.page(
                        c,
                        400,
                        "format",
                        "This folder cannot be downloaded as " + format + ": " + e.getMessage()
                                + "; choose JSON or YAML.",
                        null);
            }
        });
    }

    private static dev.coffer.server.http.Reply download(String body, String file, String type) {
        String safe = file.replaceAll("[^A-Za-z0-9._-]", "_");
        return Page.text(body, type, Map.of("Content-Disposition", "attachment; filename=\"" + safe + "\""));
    }
}
