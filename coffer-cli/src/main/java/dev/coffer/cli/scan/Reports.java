package dev.coffer.cli.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Writes scan results as text, JSON or SARIF 2.1.0. Only redacted secrets ever reach the output. */
public final class Reports {
    /** Output formats of {@code coffer scan --format}. */
    public enum Format {
        text,
        json,
        sarif
    }

    static final String TOOL_NAME = "coffer";
    static final String TOOL_VERSION = "0.1.0";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    /** Writes {@code result} to {@code out} in {@code format}. */
    public static void write(Format format, ScanResult result, List<Rule> rules, PrintWriter out) {
        switch (format) {
            case text -> text(result, out);
            case json -> out.println(toJson(json(result)));
            case sarif -> out.println(toJson(sarif(result, rules)));
            default -> throw new IllegalArgumentException(format.toString());
        }
        out.flush();
    }

    /** One line per finding, {@code file:line:col  ruleId  description  redacted  fingerprint=…}, then a summary. */
    static void text(ScanResult result, PrintWriter out) {
        Set<String> files = new HashSet<>();
        Set<String> commits = new HashSet<>();
        for (Finding f : result.findings()) {
            StringBuilder line = new StringBuilder()
                    .append(f.location())
                    .append("  ")
                    .append(f.ruleId())
                    .append("  ")
                    .append(f.description())
                    .append("  ")
                    .append(f.redacted())
                    .append("  fingerprint=")
                    .append(f.fingerprint());
            if (f.commit() != null) {
                line.append("  commit=")
                        .append(f.commit(), 0, Math.min(12, f.commit().length()))
                        .append("  date=")
                        .append(f.date());
                commits.add(f.commit());
            }
            out.println(line);
            files.add(f.file());
        }
        String scanned = switch (result.mode()) {
            case DIRECTORY -> plural(result.filesScanned(), "file") + " scanned";
            case GIT_HISTORY ->
                plural(result.filesScanned(), "file change") + " in " + plural(result.commitsScanned(), "commit")
                        + " scanned";
            case STAGED -> plural(result.filesScanned(), "staged file") + " scanned";
        };
        if (!result.problems().isEmpty()) {
            scanned += "; " + plural(result.problems().size(), "file") + " could not be read";
        }
        int n = result.findings().size();
        if (n == 0) {
            out.println("No secrets found (" + scanned + ").");
        } else {
            String where =
                    plural(files.size(), "file") + (commits.isEmpty() ? "" : ", " + plural(commits.size(), "commit"));
            out.println("Found " + plural(n, "secret") + " in " + where + " (" + scanned + "). "
                    + "To accept a finding, add its fingerprint to " + Allowlist.DEFAULT_FILE + ".");
        }
    }

    /** A JSON array with one object per finding. */
    static ArrayNode json(ScanResult result) {
        ArrayNode array = JSON.createArrayNode();
        for (Finding f : result.findings()) {
            ObjectNode o = array.addObject();
            o.put("ruleId", f.ruleId());
            o.put("description", f.description());
            o.put("severity", f.severity().label());
            o.put("file", f.file());
            o.put("line", f.line());
            o.put("column", f.column());
            o.put("endColumn", f.endColumn());
            o.put("commit", f.commit());
            o.put("date", f.date());
            o.put("match", f.redacted());
            o.put("fingerprint", f.fingerprint());
        }
        return array;
    }

    /** A SARIF 2.1.0 log with one run: every rule in {@code tool.driver.rules}, one result per finding. */
    static ObjectNode sarif(ScanResult result, List<Rule> rules) {
        ObjectNode log = JSON.createObjectNode();
        log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", TOOL_NAME);
        driver.put("version", TOOL_VERSION);
        driver.put("semanticVersion", TOOL_VERSION);
        ArrayNode ruleArray = driver.putArray("rules");
        for (Rule rule : rules) {
            ObjectNode r = ruleArray.addObject();
            r.put("id", rule.id());
            r.put("name", camel(rule.id()));
            r.putObject("shortDescription").put("text", rule.description());
            r.putObject("fullDescription")
                    .put(
                            "text",
                            rule.description()
                                    + ". Hard-coded secrets leak through source control; move it into a secrets manager and rotate it.");
            r.putObject("defaultConfiguration").put("level", rule.severity().sarifLevel());
            ObjectNode props = r.putObject("properties");
            props.put("security-severity", rule.severity().securitySeverity());
            props.putArray("tags").add("security").add("secret");
        }
        run.putObject("originalUriBaseIds").putObject("%SRCROOT%").put("uri", "");
        ArrayNode results = run.putArray("results");
        for (Finding f : result.findings()) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.ruleId());
            int index = indexOf(rules, f.ruleId());
            if (index >= 0) {
                res.put("ruleIndex", index);
            }
            res.put("level", f.severity().sarifLevel());
            String where = f.commit() == null ? "" : " (commit " + f.commit() + ")";
            res.putObject("message").put("text", f.description() + ": " + f.redacted() + where);
            ObjectNode physical = res.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri(f.file())).put("uriBaseId", "%SRCROOT%");
            ObjectNode region = physical.putObject("region");
            region.put("startLine", f.line());
            region.put("startColumn", f.column());
            region.put("endColumn", f.endColumn());
            res.putObject("partialFingerprints").put("cofferFingerprint/v1", f.fingerprint());
            ObjectNode props = res.putObject("properties");
            props.put("redacted", f.redacted());
            props.put("severity", f.severity().label());
            if (f.commit() != null) {
                props.put("commit", f.commit());
                props.put("date", f.date());
            }
        }
        return log;
    }

    private static int indexOf(List<Rule> rules, String id) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** A relative URI reference for a {@code /}-separated path, percent-encoded. */
    static String uri(String path) {
        try {
            String s = new URI(null, null, path, null).toASCIIString();
            int slash = s.indexOf('/');
            String first = slash < 0 ? s : s.substring(0, slash);
            return first.contains(":") ? "./" + s : s;
        } catch (URISyntaxException e) {
            return path;
        }
    }

    private static String camel(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String toJson(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
