package dev.coffer.server.app;

import dev.coffer.server.access.Authorizer;
import dev.coffer.server.http.HttpServer;
import dev.coffer.server.http.Router;
import dev.coffer.server.identities.AccessTokens;
import dev.coffer.server.identities.IdentityRoutes;
import dev.coffer.server.identities.IdentityService;
import dev.coffer.server.identities.LoginService;
import dev.coffer.server.identities.UniversalAuthService;
import dev.coffer.server.keys.KeySource;
import dev.coffer.server.keys.Keyring;
import dev.coffer.server.keys.SecretCipher;
import dev.coffer.server.ops.BootstrapService;
import dev.coffer.server.ops.OpsRoutes;
import dev.coffer.server.projects.EnvironmentService;
import dev.coffer.server.projects.FolderService;
import dev.coffer.server.projects.MembershipService;
import dev.coffer.server.projects.ProjectRoutes;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.secrets.SecretRoutes;
import dev.coffer.server.secrets.SecretService;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.PostgresUrl;
import java.io.IOException;
import java.nio.file.Files;

/** Builds a running server from a {@link Config}: database, keys, features, routes, HTTP. */
public final class Wiring {

    public static final String VERSION = "0.1.0";

    /** A started server; {@link #close()} stops HTTP and closes the pool. */
    public record Running(HttpServer http, Database db, String keyDescription) implements AutoCloseable {
        public int port() {
            return http.port();
        }

        /** The route table, for tests that sweep every route. */
        public java.util.List<dev.coffer.server.http.Router.RouteInfo> routes() {
            return http.routes();
        }

        @Override
        public void close() {
            http.stop();
            db.close();
        }
    }

    private Wiring() {}

    public static Running start(Config cfg) {
        try {
            Files.createDirectories(cfg.dataDir());
        } catch (IOException e) {
            throw new StartupException("Could not create the data directory " + cfg.dataDir() + ": "
                    + e.getClass().getSimpleName() + ". Choose a writable --data-dir.");
        }
        var givenKey = KeySource.fromSettings(cfg.encryptionKey(), cfg.encryptionKeyFile());
        Database db = openDatabase(cfg);
        try {
            KeySource kek = givenKey.orElseGet(() -> KeySource.defaultFile(cfg.dataDir(), Keyring.exists(db)));
            Keyring keyring = Keyring.open(db, kek);
            AccessTokens tokens = new AccessTokens(db, keyring);
            HttpServer http = new HttpServer(routes(db, keyring, tokens), tokens, cfg.maxBodyBytes())
                    .start(cfg.host(), cfg.port());
            return new Running(http, db, kek.description());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static Router routes(Database db, Keyring keyring, AccessTokens tokens) {
        Router router = new Router();
        SecretCipher cipher = new SecretCipher(keyring, db);
        Authorizer authorizer = new Authorizer(db);

        IdentityService identities = new IdentityService(db, authorizer, tokens);
        UniversalAuthService universalAuth = new UniversalAuthService(db, authorizer, identities, keyring, tokens);
        IdentityRoutes.register(router, identities, universalAuth, new LoginService(db, universalAuth, tokens), tokens);

        ProjectService projects = new ProjectService(db, authorizer, cipher);
        ProjectRoutes.register(router, projects, new EnvironmentService(projects), new FolderService(projects),
                new MembershipService(projects));
        SecretRoutes.register(router, new SecretService(db, projects, cipher));
        OpsRoutes.register(router, new BootstrapService(db, tokens), VERSION);
        return router;
    }

    private static Database openDatabase(Config cfg) {
        if (cfg.databaseUrl() == null) return Database.sqlite(cfg.dataDir().resolve("coffer.db"));
        try {
            return Database.postgres(PostgresUrl.parse(cfg.databaseUrl(), cfg.databaseUser(), cfg.databasePassword()));
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
    }
}
