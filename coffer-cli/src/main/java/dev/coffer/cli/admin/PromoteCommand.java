package dev.coffer.cli.admin;

import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.cli.Console;
import dev.coffer.cli.HelpOption;
import dev.coffer.sdk.Scope;
import dev.coffer.sdk.Secret;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer promote dev staging}: copies a folder's secrets (or the chosen keys) from one
 * environment to another. Without {@code --yes} it only shows what it would do; values are never shown.
 */
@Command(
        name = "promote",
        description = {
            "Copy a folder's secrets from one environment to another: the keys the target",
            "lacks are created; keys whose values differ are changed only with",
            "--overwrite. Without --yes nothing is written: the plan is shown (names only).",
            "Values are copied as written (references are not expanded). One batch,",
            "all or nothing.",
            "",
            "Examples:",
            "  coffer promote dev staging --path /api                  (the plan)",
            "  coffer promote dev staging --path /api --yes",
            "  coffer promote staging prod --keys API_URL,TIMEOUT --overwrite --yes"
        })
public final class PromoteCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    Connection connection;

    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "TO")
    String to;

    @Option(names = "--keys", paramLabel = "K1,K2", split = ",", description = "Only these keys.")
    List<String> keys;

    @Option(names = "--overwrite", description = "Change keys the target has with another value.")
    boolean overwrite;

    @Option(names = "--yes", description = "Write (without it, only the plan is shown).")
    boolean yes;

    @Override
    public Integer call() throws java.io.IOException {
        if (from.equals(to)) throw new CliException("FROM and TO are the same environment.", 2);
        return Api.run(connection, api -> {
            String path = api.settings().path();
            Scope source = new Scope(api.projectId(), from, path, false, false, false);
            Map<String, String> have = values(api.client().listSecrets(source));
            Map<String, String> there = values(api.client().listSecrets(source.withEnvironment(to)));
            Set<String> chosen = keys == null ? have.keySet() : new LinkedHashSet<>(keys);
            Map<String, String> write = new LinkedHashMap<>();
            Map<String, String> plan = new TreeMap<>();
            for (String k : chosen) {
                String v = have.get(k);
                if (v == null) {
                    throw new CliException(
                            "'" + k + "' is not in " + path + " of " + from + " (or you may not read it).");
                }
                String cur = there.get(k);
                if (cur == null) {
                    plan.put(k, "create");
                    write.put(k, v);
                } else if (cur.equals(v)) {
                    plan.put(k, "unchanged");
                } else if (overwrite) {
                    plan.put(k, "update");
                    write.put(k, v);
                } else {
                    plan.put(k, "skip (differs; --overwrite to change)");
                }
            }
            Table t = new Table("KEY", "IN " + to.toUpperCase(java.util.Locale.ROOT));
            plan.forEach((k, what) -> t.row(k, what));
            t.print("nothing to promote from " + path + " of " + from);
            if (write.isEmpty()) {
                Console.info("nothing to write.");
            } else if (!yes) {
                Console.info(
                        "dry run: " + write.size() + " key(s) would be written to " + to + "; add --yes to write.");
            } else {
                api.client().upsertSecrets(source.withEnvironment(to), write);
                Console.info("wrote " + write.size() + " key(s) to " + path + " of " + to + ".");
            }
            return 0;
        });
    }

    private static Map<String, String> values(List<Secret> secrets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Secret s : secrets) out.put(s.key(), s.valueText());
        return out;
    }
}
