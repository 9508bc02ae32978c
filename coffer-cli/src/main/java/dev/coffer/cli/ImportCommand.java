package dev.coffer.cli;

import dev.coffer.cli.dotenv.EnvFiles;
import dev.coffer.formats.DotenvParser;
import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.CofferException;
import dev.coffer.sdk.Scope;
import dev.coffer.sdk.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer import}: the migration off .env files. Parses each file, plans per environment and
 * path what would be created, left alone or changed, and only writes with {@code --apply} — never
 * replacing an existing different value without {@code --overwrite}. Reports names, never values.
 */
@Command(
        name = "import",
        sortOptions = false,
        description = {
            "Import .env files into Coffer. Shows the plan (dry run) until --apply is given.",
            "",
            "The environment of a file comes from --env, else from its name: .env and",
            ".env.local -> dev, .env.staging -> staging, .env.production -> prod,",
            ".env.test -> test; .env.<env>.local is a local override of <env> and goes",
            "to the same environment (after .env.<env>, so its values win). Its folder",
            "comes from --path, else (with --scan-dir) from its directory. Templates",
            "(.env.example, .sample, .template, .dist), .env.vault and .env.keys are",
            "skipped with the reason.",
            "",
            "Examples:",
            "  coffer import .env.production --env prod            # preview",
            "  coffer import .env .env.staging .env.production --apply",
            "  coffer import --scan-dir . --apply          # every .env* file in the tree"
        })
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    Connection connection;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = ".env files to import.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--scan-dir", description = "Find every .env* file under this directory and propose a mapping.")
    Path scanDir;

    @Option(names = "--apply", description = "Write the planned changes (without it, nothing is written).")
    boolean apply;

    @Option(names = "--overwrite", description = "Replace existing secrets whose value differs.")
    boolean overwrite;

    /** One file mapped to where its secrets go. */
    record Source(Path file, String environment, String path) {}

    /** What happens at one environment and path. */
    record Plan(
            String environment,
            String path,
            Map<String, String> create,
            Map<String, String> update,
            List<String> unchanged,
            List<String> skipped) {
        int writes() {
            return create.size() + update.size();
        }
    }

    @Override
    public Integer call() throws IOException {
        List<Source> sources = sources();
        if (sources.isEmpty()) throw new CliException("No .env files to import: name files, or use --scan-dir DIR.", 2);
        Map<String, Map<String, String>> targets = new TreeMap<>();
        boolean problems = false;
        for (Source s : sources) {
            DotenvParser.ParseResult res = DotenvParser.parse(
                    Files.readString(s.file(), StandardCharsets.UTF_8), s.file().toString());
            System.out.println(s.file() + " -> " + s.environment() + ":" + s.path() + " ("
                    + res.entries().size() + " secrets)"
                    + (connection.environment == null
                                    && EnvFiles.isLocalOverride(
                                            s.file().getFileName().toString())
                            ? ", a local override of " + s.environment()
                            : ""));
            for (DotenvParser.Problem p : res.problems()) {
                problems = true;
                System.out.println("  problem: line " + p.line() + ": " + p.message());
            }
            for (DotenvParser.Duplicate d : res.duplicates()) {
                System.out.println("  duplicate: " + d.key() + " on lines " + d.firstLine() + " and "
                        + d.duplicateLine() + " (the last one is used)");
            }
            Map<String, String> target =
                    targets.computeIfAbsent(s.environment() + "\u0000" + s.path(), k -> new LinkedHashMap<>());
            for (DotenvParser.Entry e : res.entries()) {
                String before = target.put(e.key(), e.value());
                if (before != null && !before.equals(e.value())) {
                    System.out.println("  conflict: " + e.key() + " is also set by an earlier file for "
                            + s.environment() + ":" + s.path() + " with another value (this file's value is used)");
                }
            }
        }
        Connection.Resolved r = connection.resolve();
        CofferClient client = connection.client(r);
        // --env by name: say which environment it is, and plan with its slug
        String given = connection.environment;
        String chosen = given == null ? null : Environments.settle(r, client).environment();
        Scope base = Connection.scope(r).withExpand(false).withIncludeImports(false);
        List<Plan> plans = new ArrayList<>();
        for (var t : targets.entrySet()) {
            String[] envPath = t.getKey().split("\u0000", 2);
            String env = envPath[0].equals(given) ? chosen : envPath[0];
            plans.add(plan(client, base.withEnvironment(env).withPath(envPath[1]), t.getValue()));
        }
        report(plans);
        if (!apply) {
            System.out.println("Dry run: nothing was written. Run again with --apply to import"
                    + (plans.stream().anyMatch(p -> !p.skipped().isEmpty())
                            ? " (and --overwrite to replace differing values)."
                            : "."));
            return problems ? 1 : 0;
        }
        int written = 0;
        for (Plan p : plans) {
            if (p.writes() == 0) continue;
            Map<String, String> batch = new LinkedHashMap<>(p.create());
            batch.putAll(p.update());
            client.upsertSecrets(base.withEnvironment(p.environment()).withPath(p.path()), batch);
            written += batch.size();
        }
        connection.remember(r, client);
        System.out.println("Imported: wrote " + written + " secrets.");
        return problems ? 1 : 0;
    }

    private List<Source> sources() {
        List<Source> out = new ArrayList<>();
        if (scanDir != null) {
            EnvFiles.FindResult found = EnvFiles.find(scanDir);
            for (EnvFiles.Skipped s : found.skipped()) System.out.println("skipped " + s.file() + ": " + s.reason());
            for (EnvFiles.Candidate c : found.candidates()) {
                out.add(new Source(
                        c.file(),
                        connection.environment != null ? connection.environment : c.environment(),
                        connection.path != null ? connection.path : c.secretPath()));
            }
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new CliException("No such file: " + f, 2);
            String notSettings = EnvFiles.skipReason(f.getFileName().toString());
            if (notSettings != null) {
                System.out.println("skipped " + f + ": " + notSettings);
                continue;
            }
            String env = connection.environment != null ? connection.environment : EnvFiles.environmentForFile(f);
            out.add(new Source(f, env, connection.path != null ? connection.path : "/"));
        }
        return out;
    }

    private Plan plan(CofferClient client, Scope scope, Map<String, String> wanted) {
        Map<String, String> existing = new LinkedHashMap<>();
        try {
            for (Secret s : client.listSecrets(scope)) existing.put(s.key(), s.valueText());
        } catch (CofferException.NotFound e) {
            throw new CliException(e.getMessage() + " (environment '" + scope.environment() + "')");
        }
        Map<String, String> create = new LinkedHashMap<>();
        Map<String, String> update = new LinkedHashMap<>();
        List<String> unchanged = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        wanted.forEach((k, v) -> {
            String cur = existing.get(k);
            if (cur == null) create.put(k, v);
            else if (cur.equals(v)) unchanged.add(k);
            else if (overwrite) update.put(k, v);
            else skipped.add(k);
        });
        return new Plan(scope.environment(), scope.path(), create, update, unchanged, skipped);
    }

    private static void report(List<Plan> plans) {
        for (Plan p : plans) {
            System.out.println(p.environment() + ":" + p.path() + "  create "
                    + p.create().size() + ", update " + p.update().size() + ", unchanged "
                    + p.unchanged().size() + ", skipped " + p.skipped().size());
            line("create", p.create().keySet());
            line("update", p.update().keySet());
            line("unchanged", p.unchanged());
            if (!p.skipped().isEmpty())
                line("skipped (exists with another value; --overwrite replaces it)", p.skipped());
        }
    }

    private static void line(String label, java.util.Collection<String> keys) {
        if (!keys.isEmpty()) System.out.println("  " + label + ": " + String.join(", ", keys));
    }
}
