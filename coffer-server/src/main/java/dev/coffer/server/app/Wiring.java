package dev.coffer.server.app;

import dev.coffer.server.access.Authorizer;
import dev.coffer.server.audit.AuditSettings;
import dev.coffer.server.audit.AuditSink;
import dev.coffer.server.audit.AuditTrail;
import dev.coffer.server.auditlog.AuditLogRoutes;
import dev.coffer.server.auditlog.AuditLogService;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.console.ConsoleFeature;
import dev.coffer.server.docs.DocsRoutes;
import dev.coffer.server.errors.StartupException;
import dev.coffer.server.events.ChangeEvents;
import dev.coffer.server.events.EventRoutes;
import dev.coffer.server.events.EventSettings;
import dev.coffer.server.http.Authentication;
import dev.coffer.server.http.HttpServer;
import dev.coffer.server.http.Pipeline;
import dev.coffer.server.http.Router;
import dev.coffer.server.identities.AccessTokens;
import dev.coffer.server.identities.IdentityRoutes;
import dev.coffer.server.identities.IdentityService;
import dev.coffer.server.identities.LoginService;
import dev.coffer.server.identities.UniversalAuthService;
import dev.coffer.server.imports.ImportRoutes;
import dev.coffer.server.imports.ImportService;
import dev.coffer.server.keys.Barrier;
import dev.coffer.server.keys.KeySource;
import dev.coffer.server.keys.Keyring;
import dev.coffer.server.ops.BootstrapService;
import dev.coffer.server.ops.OpsRoutes;
import dev.coffer.server.projects.EnvironmentService;
import dev.coffer.server.projects.FolderService;
import dev.coffer.server.projects.MembershipService;
import dev.coffer.server.projects.ProjectRoutes;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.UserMembershipRoutes;
import dev.coffer.server.projects.UserMembershipService;
import dev.coffer.server.recovery.RecoveryRoutes;
import dev.coffer.server.recovery.RecoveryService;
import dev.coffer.server.roles.RoleRoutes;
import dev.coffer.server.roles.RoleService;
import dev.coffer.server.secrets.SecretsFeature;
import dev.coffer.server.servicetokens.ServiceTokenService;
import dev.coffer.server.servicetokens.ServiceTokens;
import dev.coffer.server.servicetokens.ServiceTokensFeature;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.PostgresUrl;
import dev.coffer.server.tags.TagRoutes;
import dev.coffer.server.tags.TagService;
import dev.coffer.server.users.Invitations;
import dev.coffer.server.users.Organizations;
import dev.coffer.server.users.Passwords;
import dev.coffer.server.users.Sessions;
import dev.coffer.server.users.UserLogins;
import dev.coffer.server.users.UserRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds a running server from a {@link Config}: database, keys, features, routes, pipeline, HTTP. */
public final class Wiring {

    public static final String VERSION = "0.1.0";

    /** A started server; {@link #close()} stops HTTP and closes the pool. */
    public record Running(HttpServer http, Database db, String keyDescription, AuditTrail audit)
            implements AutoCloseable {
        public int port() {
            return http.port();
        }

        /** The route table, for tests that sweep every route. */
        public List<Router.RouteInfo> routes() {
            return http.routes();
        }

        @Override
        public void close() {
            http.stop();
            audit.close();
            db.close();
        }
    }

    private Wiring() {}

    public static Running start(Config cfg) {
        return start(cfg, Clock.systemUTC(), AuditSink.NONE, AuditSettings.from(System.getenv()), eventSettings());
    }

    /** Starts with a given clock (tests move time instead of sleeping) and extra audit sink. */
    public static Running start(Config cfg, Clock clock, AuditSink audit) {
        return start(cfg, clock, audit, AuditSettings.DEFAULTS);
    }

    /**
     * Starts with a given clock, an extra audit sink (besides the trail in the database) and the audit
     * trail's settings.
     */
    public static Running start(Config cfg, Clock clock, AuditSink audit, AuditSettings auditSettings) {
        return start(cfg, clock, audit, auditSettings, EventSettings.DEFAULTS);
    }

    /** Starts with a given clock, extra audit sink, audit settings and change-event settings. */
    public static Running start(
            Config cfg, Clock clock, AuditSink audit, AuditSettings auditSettings, EventSettings events) {
        try {
            Files.createDirectories(cfg.dataDir());
        } catch (IOException e) {
            throw new StartupException("Could not create the data directory " + cfg.dataDir() + ": "
                    + e.getClass().getSimpleName() + ". Choose a writable --data-dir.");
        }
        var givenKey = KeySource.fromSettings(cfg.encryptionKey(), cfg.encryptionKeyFile());
        Invalidator invalidator = new Invalidator();
        Database db = openDatabase(cfg, invalidator);
        try {
            KeySource kek = givenKey.orElseGet(() -> KeySource.defaultFile(cfg.dataDir(), Keyring.exists(db)));
            Keyring keyring = Keyring.open(db, kek);
            AccessTokens tokens = new AccessTokens(db, keyring, invalidator, clock);
            Sessions sessions = new Sessions(db, invalidator, clock); // user sessions: cs.… tokens, before JWTs
            ServiceTokens serviceTokens = ServiceTokensFeature.tokens(db, keyring, invalidator, clock);
            AuditTrail trail = AuditTrail.start(db, auditSettings, audit, clock, cfg.dataDir());
            List<AutoCloseable> onStop = new ArrayList<>();
            try {
                Pipeline pipeline = new Pipeline(
                        routes(
                                db,
                                keyring,
                                tokens,
                                sessions,
                                serviceTokens,
                                invalidator,
                                clock,
                                cfg.secretVersionsKept(),
                                cfg.secretsCacheMb(),
                                events,
                                onStop,
                                trail::settleEvents,
                                trail::settle),
                        new Authentication(List.of(sessions, serviceTokens, tokens)),
                        trail.sink(),
                        cfg.maxBodyBytes(),
                        clock);
                HttpServer http =
                        new HttpServer(pipeline, cfg.maxBodyBytes(), cfg.http(), clock).start(cfg.host(), cfg.port());
                for (AutoCloseable c : onStop) http.beforeStop(() -> closeQuietly(c));
                return new Running(http, db, kek.description(), trail);
            } catch (RuntimeException e) {
                trail.close();
                throw e;
            }
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static Router routes(
            Database db,
            Keyring keyring,
            AccessTokens tokens,
            Sessions sessions,
            ServiceTokens serviceTokens,
            Invalidator invalidator,
            Clock clock,
            int secretVersionsKept,
            int secretsCacheMb,
            EventSettings eventSettings,
            List<AutoCloseable> onStop,
            Runnable settleAuditEvents,
            Runnable settleAudit) {
        Router router = new Router();
        Authorizer authorizer = new Authorizer(db, invalidator, clock);
        Barrier barrier = new Barrier(keyring, invalidator, clock);

        IdentityService identities = new IdentityService(db, authorizer, clock);
        UniversalAuthService universalAuth = new UniversalAuthService(db, identities, keyring, clock);
        IdentityRoutes.register(
                router,
                identities,
                universalAuth,
                new LoginService(db, universalAuth, tokens, invalidator, clock),
                tokens);

        ProjectService projects = new ProjectService(db, authorizer, barrier, invalidator, clock);
        MembershipService identityMembers = new MembershipService(projects);
        FolderService folders = new FolderService(projects);
        ProjectRoutes.register(router, projects, new EnvironmentService(projects), folders, identityMembers);
        UserMembershipService userMembers = new UserMembershipService(projects, identityMembers);
        UserMembershipRoutes.register(router, userMembers);
        RoleService roles = new RoleService(db, projects, authorizer, clock);
        RoleRoutes.register(router, roles);
        SecretsFeature.Services secrets = SecretsFeature.wire(
                router,
                db,
                projects,
                authorizer,
                barrier,
                invalidator,
                clock,
                secretVersionsKept,
                secretsCacheMb * 1024L * 1024);
        RecoveryService recovery = new RecoveryService(db, projects, authorizer, secrets.states(), clock);
        RecoveryRoutes.register(router, recovery);
        ImportService imports = new ImportService(db, projects, clock);
        ImportRoutes.register(router, imports);
        TagService tags = new TagService(db, projects, authorizer, clock);
        TagRoutes.register(router, tags);
        ChangeEvents changeEvents = new ChangeEvents(db, authorizer, projects, invalidator, eventSettings);
        onStop.add(changeEvents);
        EventRoutes.register(router, changeEvents, projects, authorizer);
        ServiceTokenService serviceTokenService =
                ServiceTokensFeature.wire(router, db, keyring, serviceTokens, projects, authorizer, secrets, clock);
        OpsRoutes.register(router, new BootstrapService(db, tokens, clock), VERSION, clock);
        Passwords passwords = new Passwords();
        UserLogins logins = new UserLogins(db, passwords, sessions, clock);
        Invitations invitations = new Invitations(db, authorizer, passwords, sessions, clock);
        UserRoutes.register(router, logins, sessions, invitations, new Organizations(db, authorizer, clock));
        AuditLogService auditLog = new AuditLogService(db, authorizer, clock, settleAuditEvents, settleAudit);
        AuditLogRoutes.register(router, auditLog);
        ConsoleFeature.wireAccess(
                router,
                keyring,
                clock,
                new ConsoleFeature.AccessServices(
                        sessions,
                        logins,
                        projects,
                        userMembers,
                        identityMembers,
                        roles,
                        invitations,
                        identities,
                        universalAuth,
                        serviceTokenService));
        // the web console at /: the same services, Authorizer and audit pipeline, for people in a browser
        ConsoleFeature.wire(
                router,
                keyring,
                sessions,
                logins,
                projects,
                folders,
                secrets,
                auditLog,
                userMembers,
                roles,
                invitations,
                clock,
                tags,
                recovery,
                imports);
        DocsRoutes.register(router, VERSION); // the API reference, made from this router's table
        return router;
    }

    private static EventSettings eventSettings() {
        try {
            return EventSettings.from(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // stopping anyway
        }
    }

    static Database openDatabase(Config cfg, Invalidator invalidator) {
        if (cfg.databaseUrl() == null) return Database.sqlite(cfg.dataDir().resolve("coffer.db"), invalidator);
        PostgresUrl url;
        try {
            url = PostgresUrl.parse(cfg.databaseUrl(), cfg.databaseUser(), cfg.databasePassword());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
        return Database.postgres(url, invalidator);
    }
}
