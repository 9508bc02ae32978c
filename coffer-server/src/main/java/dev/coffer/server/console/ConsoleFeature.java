package dev.coffer.server.console;

import dev.coffer.server.auditlog.AuditLogService;
import dev.coffer.server.http.Router;
import dev.coffer.server.identities.IdentityService;
import dev.coffer.server.identities.UniversalAuthService;
import dev.coffer.server.imports.ImportService;
import dev.coffer.server.keys.Keyring;
import dev.coffer.server.projects.FolderService;
import dev.coffer.server.projects.MembershipService;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.UserMembershipService;
import dev.coffer.server.recovery.RecoveryService;
import dev.coffer.server.roles.RoleService;
import dev.coffer.server.secrets.SecretsFeature;
import dev.coffer.server.servicetokens.ServiceTokenService;
import dev.coffer.server.tags.TagService;
import dev.coffer.server.users.Invitations;
import dev.coffer.server.users.Sessions;
import dev.coffer.server.users.UserLogins;
import java.time.Clock;

/**
 * The web console at {@code /}: server-rendered pages for people, on the same services, the same
 * Authorizer and the same audit pipeline as the API (its routes go through the same {@code Pipeline}).
 */
public final class ConsoleFeature {

    private ConsoleFeature() {}

    public static void wire(
            Router router,
            Keyring keyring,
            Sessions sessions,
            UserLogins logins,
            ProjectService projects,
            FolderService folders,
            SecretsFeature.Services secrets,
            AuditLogService audit,
            UserMembershipService members,
            RoleService roles,
            Invitations invitations,
            Clock clock,
            TagService tags,
            RecoveryService recovery,
            ImportService imports) {
        Assets assets = new Assets();
        Console console = new Console(assets, new ConsoleSession(sessions, keyring.derive("console-csrf"), clock));
        router.add("GET", "/assets/{name}", Router.Access.PUBLIC, req -> assets.serve(req.param("name")));
        new LoginScreen(console, logins, invitations).register(router);
        new ProjectsScreen(console, projects).register(router);
        new MatrixScreen(console, projects, folders, secrets.reads(), secrets.comparison()).register(router);
        FolderScreen folder = new FolderScreen(
                console,
                projects,
                folders,
                secrets.reads(),
                secrets.writes(),
                tags,
                new FolderImports(imports, secrets.reads()));
        folder.register(router);
        new ImportExport(folder, secrets.reads(), secrets.writes()).register(console, router);
        SecretScreen secret = new SecretScreen(console, projects, secrets.reads(), secrets.history(), tags, audit);
        secret.register(router);
        new TagScreen(console, projects, secrets.writes(), tags, secret).register(router);
        new VersionDiffs(console, projects, secrets.reads(), secrets.history()).register(router);
        new CommitsScreen(console, projects, recovery).register(router);
        new ReferenceTree(console, projects, secrets.reads()).register(router);
        AuditScreen auditList = new AuditScreen(console, audit);
        auditList.register(router);
        new AuditEventScreen(console, audit, auditList).register(router);
    }

    /** What the account and access screens use: the services the API's people, identity and token routes use. */
    public record AccessServices(
            Sessions sessions,
            UserLogins logins,
            ProjectService projects,
            UserMembershipService members,
            MembershipService identityMembers,
            RoleService roles,
            Invitations invitations,
            IdentityService identities,
            UniversalAuthService universalAuth,
            ServiceTokenService serviceTokens) {}

    /** The account and access screens: my account, a project's members and roles, identities, service tokens. */
    public static void wireAccess(Router router, Keyring keyring, Clock clock, AccessServices s) {
        Console console =
                new Console(new Assets(), new ConsoleSession(s.sessions(), keyring.derive("console-csrf"), clock));
        new AccountScreen(console, s.logins(), s.sessions()).register(router);
        new AccessScreen(
                        console,
                        s.projects(),
                        s.members(),
                        s.identityMembers(),
                        s.identities(),
                        s.roles(),
                        s.invitations(),
                        clock)
                .register(router);
        new RolesScreen(console, s.projects(), s.roles()).register(router);
        new IdentitiesScreen(console, s.identities(), s.universalAuth(), clock).register(router);
        new ServiceTokensScreen(console, s.projects(), s.serviceTokens(), clock).register(router);
    }
}
