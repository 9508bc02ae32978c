package dev.coffer.server.console;

import dev.coffer.server.access.Actor;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.secrets.Secret;
import dev.coffer.server.secrets.SecretService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a secret's value comes from: the secrets its value references ({@code ${KEY}} in its folder,
 * {@code ${env.KEY}} at the root of {@code env}, {@code ${env.a.b.KEY}} in {@code /a/b} of {@code env}),
 * and theirs in turn, as a tree of names and places. Each secret is read through the secrets service
 * with the person's rights (a refused one shows the Authorizer's message); values stay on the server.
 */
final class ReferenceTree {

    /** As deep as the secrets service expands references. */
    static final int MAX_DEPTH = 10;
    /** Nodes one tree shows at most. */
    static final int MAX_NODES = 500;
    /** What the secrets service puts in place of a value the caller may not read (the API's marker). */
    private static final String HIDDEN = "<hidden-by-infisical>";

    private static final Pattern REF = Pattern.compile("\\$\\{([^}$\\s]+)}");

    private final Console console;
    private final ProjectService projects;
    private final SecretService secrets;

    ReferenceTree(Console console, ProjectService projects, SecretService secrets) {
        this.console = console;
        this.projects = projects;
        this.secrets = secrets;
    }

    record Place(String env, String path, String key) {
        String label() {
            return env + ":" + path + ("/".equals(path) ? "" : "/") + key;
        }
    }

    void register(Router r) {
        console.get(r, "/projects/{projectId}/env/{env}/references", c -> {
            Project p = projects.get(c.actor(), c.req().param("projectId"));
            String env = c.req().param("env");
            String path = FolderScreen.path(c);
            String key = SecretScreen.key(c);
            // the secret itself must be readable: its refusal is the page's answer
            secrets.get(c.actor(), new SecretService.Location(p.id(), env, path), key, null, false);
            List<HistoryViews.RefNode> nodes = new ArrayList<>();
            walk(c.actor(), p.id(), new Place(env, path, key), 0, new ArrayDeque<>(), nodes);
            List<Chrome.Crumb> crumbs = new ArrayList<>();
            crumbs.add(new Chrome.Crumb("Projects", "/"));
            crumbs.add(new Chrome.Crumb(p.name(), "/projects/" + p.id()));
            crumbs.add(
                    new Chrome.Crumb(env + " " + path, FolderScreen.base(p.id(), env) + "?path=" + Console.enc(path)));
            crumbs.add(new Chrome.Crumb(key, SecretScreen.href(p.id(), env, path, key)));
            crumbs.add(new Chrome.Crumb("References", null));
            return console.render(
                    c,
                    200,
                    "references.jte",
                    console.chrome(c, "References of " + key + " · " + p.name(), "projects", crumbs, null),
                    new HistoryViews.RefTree(env, path, key, nodes, FolderScreen.base(p.id(), env)));
        });
    }

    private void walk(
            Actor actor, String projectId, Place at, int depth, Deque<Place> chain, List<HistoryViews.RefNode> out) {
        if (out.size() >= MAX_NODES) return;
        String href = SecretScreen.href(projectId, at.env(), at.path(), at.key());
        if (chain.contains(at)) {
            out.add(new HistoryViews.RefNode(depth, at.label(), "cycle", "refers back to itself: a cycle", href));
            return;
        }
        if (depth > MAX_DEPTH) {
            out.add(new HistoryViews.RefNode(
                    depth, at.label(), "too-deep", "deeper than " + MAX_DEPTH + " levels", href));
            return;
        }
        Secret s;
        try {
            s = secrets.get(actor, new SecretService.Location(projectId, at.env(), at.path()), at.key(), null, false);
        } catch (ApiException.NotFound e) {
            out.add(new HistoryViews.RefNode(
                    depth, at.label(), "missing", "does not exist: the reference stays as written", null));
            return;
        } catch (ApiException.Forbidden e) {
            out.add(new HistoryViews.RefNode(depth, at.label(), "denied", e.getMessage(), null));
            return;
        }
        String value = s.value() == null ? "" : s.value().reveal();
        if (HIDDEN.equals(value)) {
            out.add(new HistoryViews.RefNode(
                    depth,
                    at.label(),
                    "hidden",
                    "your role may not read its value, so its references are not shown",
                    href));
            return;
        }
        Set<Place> refs = references(value, at);
        out.add(new HistoryViews.RefNode(
                depth, at.label(), "found", refs.isEmpty() ? "" : refs.size() + " reference(s)", href));
        chain.push(at);
        for (Place ref : refs) walk(actor, projectId, ref, depth + 1, chain, out);
        chain.pop();
    }

    /** The places a value refers to, in order, each once; a malformed reference is left out. */
    static Set<Place> references(String value, Place from) {
        Set<Place> out = new LinkedHashSet<>();
        Matcher m = REF.matcher(value);
        while (m.find()) {
            String[] parts = m.group(1).split("\\.", -1);
            try {
                if (parts.length == 1) {
                    out.add(new Place(from.env(), from.path(), parts[0]));
                } else {
                    List<String> segments = List.of(parts).subList(1, parts.length - 1);
                    String path =
                            SecretPath.parse("/" + String.join("/", segments)).toString();
                    out.add(new Place(parts[0], path, parts[parts.length - 1]));
                }
            } catch (ApiException e) {
                // not a place (an empty part or a bad folder name): nothing to follow
            }
        }
        return out;
    }
}
