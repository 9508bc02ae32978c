package dev.coffer.cli.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI keeps its files: {@code $COFFER_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/coffer},
 * else {@code ~/.config/coffer}. Files in it are written with {@link dev.coffer.sdk.PrivateFiles}.
 */
public final class ConfigDir {

    private ConfigDir() {}

    public static Path resolve(Map<String, String> env) {
        String explicit = env.get("COFFER_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("coffer");
    }
}
