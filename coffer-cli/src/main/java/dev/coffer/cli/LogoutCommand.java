package dev.coffer.cli;

import dev.coffer.cli.config.ConfigDir;
import dev.coffer.cli.config.StoredLogin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code coffer logout}: forgets the stored credentials and cached access tokens. */
@Command(name = "logout", description = "Forget the stored login and cached access tokens.")
public final class LogoutCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Override
    public Integer call() throws IOException {
        Path dir = ConfigDir.resolve(Connection.env);
        boolean had = StoredLogin.delete(dir);
        Path tokens = dir.resolve("tokens");
        if (Files.isDirectory(tokens)) {
            try (Stream<Path> files = Files.list(tokens)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
        }
        Console.info(had ? "logged out; removed the stored credentials." : "no stored login to remove.");
        return 0;
    }
}
