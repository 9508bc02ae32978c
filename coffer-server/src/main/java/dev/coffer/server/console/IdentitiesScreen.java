package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.identities.ClientSecret;
import dev.coffer.server.identities.Identity;
import dev.coffer.server.identities.IdentityService;
import dev.coffer.server.identities.UniversalAuth;
import dev.coffer.server.identities.UniversalAuthService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The organization's machine identities (organization admins, through the same {@link IdentityService}
 * and Authorizer as the API): list and create them, change an identity's organization role or delete
 * it (never the organization's last admin), and its universal auth: attach it, create a client secret
 * (shown once, on the answer to the create, with a copy button), list the client secrets (by their
 * first characters, never the secret) and revoke one. Adding an identity to a project is on the
 * project's Access page.
 */
final class IdentitiesScreen {

    private final Console console;
    private final IdentityService identities;
    private final UniversalAuthService universalAuth;
    private final Clock clock;

    IdentitiesScreen(Console console, IdentityService identities, UniversalAuthService universalAuth, Clock clock) {
        this.console = console;
        this.identities = identities;
        this.universalAuth = universalAuth;
        this.clock = clock;
    }

    void register(Router r) {
        console.get(r, "/identities", c -> list(c, 200, null, null));
        console.post(r, "/identities", c -> {
            try {
                Identity i = identities.create(
                        c.actor(),
                        c.actor().orgId(),
                        c.form().get("name", "").strip(),
                        c.form().get("orgRole", "member"));
                return Page.redirect("/identities/" + i.id() + "?done=created", null);
            } catch (ApiException e) {
                return list(c, status(e), "create", e.getMessage());
            }
        });
        String one = "/identities/{identityId}";
        console.get(r, one, c -> page(c, 200, null, null, null));
        console.post(
                r,
                one + "/role",
                c -> change(c, "role", () -> {
                    identities.update(c.actor(), id(c), null, c.form().get("orgRole", ""));
                    return "role";
                }));
        console.post(r, one + "/delete", c -> {
            try {
                identities.delete(c.actor(), id(c));
                return Page.redirect("/identities?done=deleted", null);
            } catch (ApiException e) {
                return page(c, status(e), "delete", e.getMessage(), null);
            }
        });
        console.post(
                r,
                one + "/universal-auth",
                c -> change(c, "auth", () -> {
                    universalAuth.attach(c.actor(), id(c), defaults());
                    return "auth";
                }));
        console.post(r, one + "/client-secrets", c -> {
            try {
                UniversalAuthService.CreatedSecret s = universalAuth.createClientSecret(
                        c.actor(),
                        id(c),
                        c.form().get("description", ""),
                        null,
                        ttl(c.form().get("ttl", "0")));
                return page(c, 200, null, null, s.clientSecret());
            } catch (ApiException e) {
                return page(c, status(e), "secret", e.getMessage(), null);
            }
        });
        console.post(
                r,
                one + "/client-secrets/revoke",
                c -> change(c, "secrets", () -> {
                    universalAuth.revokeClientSecret(c.actor(), id(c), c.form().get("secretId", ""));
                    return "revoked";
                }));
    }

    @FunctionalInterface
    private interface Change {
        String run();
    }

    private Reply change(Console.Call c, String field, Change change) {
        try {
            return Page.redirect("/identities/" + Console.enc(id(c)) + "?done=" + change.run(), null);
        } catch (ApiException e) {
            return page(c, status(e), field, e.getMessage(), null);
        }
    }

    private static UniversalAuthService.Settings defaults() {
        return new UniversalAuthService.Settings(null, null, null, null, null, null, null, null, null);
    }

    private static Long ttl(String seconds) {
        try {
            return Long.parseLong(seconds.strip());
        } catch (NumberFormatException e) {
            throw new ApiException.Validation("ttl", "Choose how long the client secret lasts from the list.");
        }
    }

    private static String id(Console.Call c) {
        return c.req().param("identityId");
    }

    private static int status(ApiException e) {
        return ErrorMapper.map("console", e).statusCode();
    }

    private static String when(long millis) {
        return FolderScreen.WHEN.format(Instant.ofEpochMilli(millis));
    }

    private Reply list(Console.Call c, int status, String field, String error) {
        List<Views.IdentityItem> items = identities.list(c.actor(), c.actor().orgId()).stream()
                .map(i -> new Views.IdentityItem(
                        i.id(),
                        i.name(),
                        i.orgRole(),
                        i.authMethod() == null ? "" : i.authMethod(),
                        when(i.createdAt())))
                .toList();
        String notice = "deleted".equals(c.query("done")) ? "Identity deleted." : null;
        return console.render(
                c,
                status,
                "identities.jte",
                console.chrome(c, "Machine identities", "identities", List.of(), notice),
                new Views.Identities(items, c.form().get("name", ""), field, error));
    }

    private Reply page(Console.Call c, int status, String field, String error, String shownSecret) {
        Identity i = identities.get(c.actor(), id(c));
        Optional<UniversalAuth> ua =
                i.authMethod() == null ? Optional.empty() : Optional.of(universalAuth.get(c.actor(), i.id()));
        long now = clock.millis();
        List<Views.ClientSecretItem> secrets = ua.isEmpty()
                ? List.of()
                : universalAuth.listClientSecrets(c.actor(), i.id()).stream()
                        .map(s -> secret(s, now))
                        .toList();
        String done = c.query("done");
        String notice = done == null
                ? null
                : switch (done) {
                    case "created" -> "Identity created. Add universal auth to give it a client id and secret.";
                    case "role" -> "Organization role changed.";
                    case "auth" -> "Universal auth added. Create a client secret for the identity to log in with.";
                    case "revoked" -> "Client secret revoked.";
                    default -> null;
                };
        List<Chrome.Crumb> crumbs =
                List.of(new Chrome.Crumb("Machine identities", "/identities"), new Chrome.Crumb(i.name(), null));
        return console.render(
                c,
                status,
                "identity.jte",
                console.chrome(c, "Identity " + i.name(), "identities", crumbs, notice),
                new Views.IdentityPage(
                        i.id(),
                        i.name(),
                        i.orgRole(),
                        ua.map(UniversalAuth::clientId).orElse(null),
                        secrets,
                        shownSecret,
                        field,
                        error));
    }

    private static Views.ClientSecretItem secret(ClientSecret s, long now) {
        String ends = s.ttl() == 0 ? "never" : when(s.createdAt() + s.ttl() * 1000);
        String uses = s.numUsesLimit() == 0 ? s.numUses() + "" : s.numUses() + " of " + s.numUsesLimit();
        return new Views.ClientSecretItem(
                s.id(), s.prefix(), s.description(), when(s.createdAt()), ends, uses, s.expiredAt(now));
    }
}
