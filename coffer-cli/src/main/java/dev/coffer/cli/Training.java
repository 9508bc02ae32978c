package dev.coffer.cli;

import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.CofferException;
import dev.coffer.sdk.LocalCache;
import dev.coffer.sdk.Scope;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The workload the launcher runs once to build the JVM's ahead-of-time cache for the CLI: it loads and
 * links what {@code coffer run} needs (argument parsing, JSON, the HTTP client, the local cache's
 * crypto, starting a process), so later runs start faster. Touches nothing outside a temp directory
 * and talks to no server (the one request goes to a port that answers nothing useful).
 */
public final class Training {

    private Training() {}

    public static void main(String[] args) throws Exception {
        Main.commandLine("run").parseArgs("--env", "dev", "--path", "/", "--", "true");
        Main.commandLine().parseArgs("--version");
        new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"secrets\":[{\"secretKey\":\"K\",\"secretValue\":\"v\","
                        + "\"version\":1,\"secretPath\":\"/\"}],\"imports\":[]}");
        Path dir = Files.createTempDirectory("coffer-training");
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort(); // closed again at once: nothing listens there
        }
        try {
            CofferClient client = CofferClient.builder()
                    .apiUrl("http://127.0.0.1:" + port)
                    .token("training")
                    .timeout(Duration.ofSeconds(2))
                    .build();
            Scope scope = Scope.of("00000000-0000-0000-0000-000000000000", "dev");
            try {
                client.secretMap(scope);
            } catch (CofferException expected) {
                // nothing listens there: the request path is exercised all the same
            }
            Environments.lookUp(client, scope.projectId()); // nothing answers: an empty list
            Environments.choose(java.util.List.of(new Environments.Env("Development", "dev")), "dev");
            SecretListing.toMap(java.util.List.of());
            LocalCache cache = new LocalCache(dir, client.apiUrl(), scope, "training-credential");
            cache.save(Map.of("TRAINING", "value"), Instant.now());
            cache.load();
            new ProcessBuilder("true").inheritIO().start().waitFor();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory
            }
        }
    }
}
