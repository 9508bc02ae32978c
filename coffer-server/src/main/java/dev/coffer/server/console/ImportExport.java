package dev.coffer.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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
            DotEnv.Parsed parsed = DotEnv.parse(text);
            if (parsed.values().isEmpty()) {
                return folder.page(
                        c,
                        400,
                        "dotenv",
                        "Nothing to import: paste lines like KEY=value"
                                + (parsed.skipped().isEmpty()
                                        ? "."
                                        : " (" + String.join("; ", parsed.skipped()) + ")."),
                        null);
            }
            Map<String, String> current = new HashMap<>();
            for (Secret s : secrets.list(c.actor(), loc, false, false))
                current.put(s.key(), s.value().reveal());
            List<String> created = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            List<String> skipped = new ArrayList<>(parsed.skipped());
            List<SecretInput> inputs = new ArrayList<>();
            for (Map.Entry<String, String> e : parsed.values().entrySet()) {
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
            Map<String, String> values = new LinkedHashMap<>();
            for (Secret s : secrets.list(c.actor(), loc, false, false))
                values.put(s.key(), s.value().reveal());
            String format = c.form().get("format", "env");
            String name = loc.environment()
                    + (loc.path().equals("/") ? "" : loc.path().replace('/', '_'));
            return switch (format) {
                case "json" -> download(json(values), name + ".json", "application/json; charset=utf-8");
                case "yaml" -> download(yaml(values), name + ".yaml", "application/yaml; charset=utf-8");
                default -> download(DotEnv.write(values), name + ".env", "text/plain; charset=utf-8");
            };
        });
    }

    private static dev.coffer.server.http.Reply download(String body, String file, String type) {
        String safe = file.replaceAll("[^A-Za-z0-9._-]", "_");
        return Page.text(body, type, Map.of("Content-Disposition", "attachment; filename=\"" + safe + "\""));
    }

    private static String json(Map<String, String> values) throws JsonProcessingException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(values) + "\n";
    }

    /** YAML with every key and value a double-quoted scalar (a JSON string is one). */
    private static String yaml(Map<String, String> values) throws JsonProcessingException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(JSON.writeValueAsString(e.getKey()))
                    .append(": ")
                    .append(JSON.writeValueAsString(e.getValue()))
                    .append('\n');
        }
        return sb.toString();
    }
}
