package dev.coffer.server.console;

import dev.coffer.server.access.TokenPolicies;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.servicetokens.ServiceToken;
import dev.coffer.server.servicetokens.ServiceTokenService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A project's service tokens (project admins, through the same {@link ServiceTokenService} and
 * Authorizer as the API's v2 routes): create one with its scopes (an environment and a folder-path
 * glob each), read and/or write, and an expiry — the token is shown once, on the answer, with a copy
 * button — list them (never the token) and revoke one.
 */
final class ServiceTokensScreen {

    static final int SCOPE_ROWS = 3;

    private final Console console;
    private final ProjectService projects;
    private final ServiceTokenService tokens;
    private final Clock clock;

    ServiceTokensScreen(Console console, ProjectService projects, ServiceTokenService tokens, Clock clock) {
        this.console = console;
        this.projects = projects;
        this.tokens = tokens;
        this.clock = clock;
    }

    void register(Router r) {
        String base = "/projects/{projectId}/tokens";
        console.get(r, base, c -> page(c, 200, null, null, null));
        console.post(r, base, c -> {
            Project p = project(c);
            try {
                ServiceTokenService.Created made = tokens.create(
                        c.actor(),
                        new ServiceTokenService.Request(
                                c.form().get("name", ""),
                                p.id(),
                                scopes(c.form()),
                                c.form().all("permission"),
                                expiresIn(c.form().get("expiresIn", "0")),
                                null,
                                false));
                return page(c, 200, null, null, made.serviceToken());
            } catch (ApiException e) {
                return page(c, ErrorMapper.map("console", e).statusCode(), "create", e.getMessage(), null);
            }
        });
        console.post(r, base + "/revoke", c -> {
            Project p = project(c);
            String id = c.form().get("tokenId", "");
            try {
                // only a token of this project: the service checks the organization, this page the project
                if (tokens.list(c.actor(), p.id()).stream().noneMatch(t -> t.id().equals(id))) {
                    throw new ApiException.NotFound(
                            "Project '" + p.name() + "' has no service token with this id; it may be revoked already.");
                }
                tokens.delete(c.actor(), id);
                return Page.redirect("/projects/" + p.id() + "/tokens?done=revoked", null);
            } catch (ApiException e) {
                return page(c, ErrorMapper.map("console", e).statusCode(), "revoke", e.getMessage(), null);
            }
        });
    }

    /** The scope rows with an environment; an empty path means the whole environment ({@code /**}). */
    private static List<TokenPolicies.Scope> scopes(Form form) {
        List<TokenPolicies.Scope> out = new ArrayList<>();
        for (int i = 0; i < SCOPE_ROWS; i++) {
            String env = form.get("environment" + i, "").strip();
            if (env.isEmpty()) continue;
            out.add(new TokenPolicies.Scope(
                    env, form.get("secretPath" + i, "/**").strip()));
        }
        return out;
    }

    private static Long expiresIn(String seconds) {
        try {
            return Long.parseLong(seconds.strip());
        } catch (NumberFormatException e) {
            throw new ApiException.Validation("expiresIn", "Choose when the token expires from the list.");
        }
    }

    private Project project(Console.Call c) {
        return projects.get(c.actor(), c.req().param("projectId"));
    }

    private Reply page(Console.Call c, int status, String field, String error, String shownToken) {
        Project p = project(c);
        long now = clock.millis();
        List<Views.TokenItem> items =
                tokens.list(c.actor(), p.id()).stream().map(t -> item(t, now)).toList();
        List<Views.Env> envs = projects.environmentsVisibleTo(c.actor(), p).stream()
                .map((Environment e) -> new Views.Env(e.slug(), e.name()))
                .toList();
        String notice = "revoked".equals(c.query("done")) ? "Service token revoked." : null;
        List<Chrome.Crumb> crumbs = List.of(
                new Chrome.Crumb("Projects", "/"),
                new Chrome.Crumb(p.name(), "/projects/" + p.id()),
                new Chrome.Crumb("Service tokens", null));
        return console.render(
                c,
                status,
                "tokens.jte",
                console.chrome(c, "Service tokens · " + p.name(), "projects", crumbs, notice),
                new Views.Tokens(
                        p.id(), p.name(), items, envs, SCOPE_ROWS, c.form().get("name", ""), shownToken, field, error));
    }

    private static Views.TokenItem item(ServiceToken t, long now) {
        String scopes = t.scopes().stream()
                .map(s -> s.environment() + " " + s.secretPath())
                .collect(Collectors.joining(", "));
        String expires =
                t.expiresAt() == null ? "never" : FolderScreen.WHEN.format(Instant.ofEpochMilli(t.expiresAt()));
        return new Views.TokenItem(
                t.id(),
                t.name(),
                scopes,
                String.join(" and ", t.permissions()),
                FolderScreen.WHEN.format(Instant.ofEpochMilli(t.createdAt())),
                expires,
                t.expiresAt() != null && now >= t.expiresAt());
    }
}
