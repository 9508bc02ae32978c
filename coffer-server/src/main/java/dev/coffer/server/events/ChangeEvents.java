package dev.coffer.server.events;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.ProjectRef;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.CommitStore;
import dev.coffer.server.http.Json;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.secrets.HistoricPaths;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Tx;
import dev.coffer.server.tags.Tag;
import dev.coffer.server.tags.TagStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Change events: who is subscribed to which project on this node, and what each committed write means
 * to them. A write's commit is announced through the {@link Invalidator} (topic {@code COMMIT}: right
 * after the commit on this node, through PostgreSQL's NOTIFY on the others); a single dispatcher thread
 * then reads, once per commit and only when someone here listens to that project, which shared secrets
 * the commit wrote (names and versions, never values), and offers each subscriber the events it asked
 * for, filtered to the secrets its role lets it read. Writers never wait for subscribers.
 */
public final class ChangeEvents implements AutoCloseable {

    public static final List<String> TYPES =
            List.of("secret:create", "secret:update", "secret:delete", "secret:import-mutation");

    private static final Logger LOG = System.getLogger(ChangeEvents.class.getName());
    private static final int MAX_PENDING_COMMITS = 100_000;

    private final Database db;
    private final Authorizer authorizer;
    private final ProjectService projects;
    private final EventSettings settings;
    private final Map<String, Set<Subscription>> byProject = new ConcurrentHashMap<>();
    private final Map<String, Integer> openPerCaller = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
    private final ThreadPoolExecutor dispatcher;

    public ChangeEvents(
            Database db,
            Authorizer authorizer,
            ProjectService projects,
            Invalidator invalidator,
            EventSettings settings) {
        this.db = db;
        this.authorizer = authorizer;
        this.projects = projects;
        this.settings = settings;
        this.dispatcher = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(MAX_PENDING_COMMITS),
                r -> Thread.ofPlatform().daemon().name("coffer-change-events").unstarted(r),
                (r, pool) -> LOG.log(Level.WARNING, "Change events fell behind; an event was not sent."));
        invalidator.on(Invalidator.Topic.COMMIT, this::committed);
        invalidator.on(Invalidator.Topic.IMPORTS, this::importsChanged);
        // notifications may have been missed (the PostgreSQL listener lost its connection): subscribers
        // reconnect and read again rather than wait for events that will never come
        invalidator.onFlushAll(this::endAll);
    }

    public EventSettings settings() {
        return settings;
    }

    /**
     * Opens a subscription for a caller already authorized in the project, or 429 when it holds the
     * most streams it may on that project.
     */
    Subscription subscribe(
            Actor actor, ProjectRef project, List<Registration> registrations, BooleanSupplier stillAllowed) {
        String limitKey = actor.kind().label() + "|" + actor.id() + "|" + project.id();
        int[] open = new int[1];
        openPerCaller.compute(limitKey, (k, n) -> {
            open[0] = n == null ? 0 : n;
            return open[0] < settings.maxStreamsPerCaller() ? open[0] + 1 : n;
        });
        if (open[0] >= settings.maxStreamsPerCaller()) {
            throw new ApiException.RateLimited(
                    "You already have " + open[0] + " event streams open on this project, the most allowed"
                            + " (COFFER_EVENTS_MAX_STREAMS); close one of them before opening another.",
                    1);
        }
        Subscription s =
                new Subscription(this::release, actor, project, limitKey, registrations, stillAllowed, settings);
        byProject
                .computeIfAbsent(project.id(), k -> ConcurrentHashMap.newKeySet())
                .add(s);
        return s;
    }

    /** Forgets a subscription that ended (called once per subscription). */
    void release(Subscription s) {
        byProject.computeIfPresent(s.project().id(), (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
        openPerCaller.computeIfPresent(s.limitKey(), (k, n) -> n <= 1 ? null : n - 1);
    }

    /** How many streams are open on this node (for tests and measurements). */
    public int openStreams() {
        return byProject.values().stream().mapToInt(Set::size).sum();
    }

    /** Ends every stream (the server stops). */
    @Override
    public void close() {
        endAll();
        dispatcher.shutdownNow();
    }

    private void endAll() {
        for (Set<Subscription> set : List.copyOf(byProject.values())) {
            for (Subscription s : List.copyOf(set)) s.close();
        }
    }

    private void committed(String key) {
        String[] parts = key.split("\\|", 3);
        if (parts.length != 3 || !byProject.containsKey(parts[0])) return;
        long seq;
        try {
            seq = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return;
        }
        if (!dispatcher.isShutdown()) {
            dispatcher.execute(() -> dispatch(parts[0], parts[1], (tx, env) -> items(tx, parts[0], env, seq)));
        }
    }

    private void importsChanged(String key) {
        String[] parts = key.split("\\|", 3);
        if (parts.length != 3 || !byProject.containsKey(parts[0])) return;
        if (!dispatcher.isShutdown()) {
            dispatcher.execute(() -> dispatch(parts[0], parts[1], (tx, env) -> {
                SecretPath at = FolderStore.paths(tx, env.id()).get(parts[2]);
                return at == null
                        ? List.of()
                        : List.of(new Item(
                                "secret:import-mutation", env.slug(), at.toString(), null, null, 0, List.of()));
            }));
        }
    }

    /** One secret a commit touched, at the place it names (for a move out: the folder it left). */
    private record Item(
            String type,
            String environment,
            String path,
            String key,
            String secretId,
            long version,
            List<String> tags) {}

    /** What a change means, read in one unit of work. */
    private interface Reading {
        List<Item> read(Tx tx, Environment env);
    }

    private void dispatch(String projectId, String envId, Reading reading) {
        Set<Subscription> subscribers = byProject.get(projectId);
        if (subscribers == null || subscribers.isEmpty()) return;
        try {
            Environment env = projects.environments(projectId).stream()
                    .filter(e -> e.id().equals(envId))
                    .findFirst()
                    .orElse(null);
            if (env == null) return;
            List<Item> items = db.read(tx -> reading.read(tx, env));
            // subscribers that see the same events share one message
            Map<List<Object>, String> messages = new HashMap<>();
            for (Subscription s : List.copyOf(subscribers)) deliver(s, items, messages);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Change events of a commit could not be read ("
                            + e.getClass().getSimpleName() + "); its subscribers did not hear of it.");
        }
    }

    private List<Item> items(Tx tx, String projectId, Environment env, long seq) {
        List<ChangeStore.Written> written = ChangeStore.writtenBy(tx, env.id(), seq);
        if (written.isEmpty()) return List.of();
        Map<String, SecretPath> paths = new HashMap<>(FolderStore.paths(tx, env.id()));
        boolean historic = false;
        Map<String, String> tagSlugs = null;
        List<Item> out = new ArrayList<>();
        Set<String> changedPaths = new LinkedHashSet<>();
        for (ChangeStore.Written w : written) {
            if (!historic
                    && (!paths.containsKey(w.folderId())
                            || (w.previousFolderId() != null && !paths.containsKey(w.previousFolderId())))) {
                String root = FolderStore.resolve(tx, env.id(), SecretPath.ROOT)
                        .map(f -> f.id())
                        .orElse("");
                HistoricPaths.of(CommitStore.foldersAt(tx, env.id(), seq), root, true)
                        .forEach(paths::putIfAbsent);
                historic = true;
            }
            List<String> tags = List.of();
            if (!w.tagIds().isBlank()) {
                if (tagSlugs == null) {
                    tagSlugs = new HashMap<>();
                    for (Tag t : TagStore.ofProject(tx, projectId)) tagSlugs.put(t.id(), t.slug());
                }
                List<String> slugs = new ArrayList<>();
                for (String id : w.tagIds().split(",")) if (tagSlugs.containsKey(id)) slugs.add(tagSlugs.get(id));
                tags = slugs;
            }
            String path = paths.getOrDefault(w.folderId(), SecretPath.ROOT).toString();
            boolean movedIn =
                    w.previousFolderId() != null && !w.previousFolderId().equals(w.folderId());
            String type = w.deleted()
                    ? "secret:delete"
                    : w.previousDeleted() == null && w.version() == 1
                                    || Boolean.TRUE.equals(w.previousDeleted())
                                    || movedIn
                            ? "secret:create"
                            : "secret:update";
            out.add(new Item(type, env.slug(), path, w.key(), w.secretId(), w.version(), tags));
            changedPaths.add(path);
            if (movedIn && !Boolean.TRUE.equals(w.previousDeleted()) && paths.containsKey(w.previousFolderId())) {
                String from = paths.get(w.previousFolderId()).toString();
                out.add(new Item("secret:delete", env.slug(), from, w.key(), w.secretId(), w.version(), tags));
                changedPaths.add(from);
            }
        }
        Map<String, Map<String, SecretPath>> importerPaths = new HashMap<>();
        Map<String, String> slugs = new HashMap<>();
        for (Environment e : projects.environments(projectId)) slugs.put(e.id(), e.slug());
        Set<String> seen = new LinkedHashSet<>();
        for (ChangeStore.Importer i : ChangeStore.importersOf(tx, env.id(), changedPaths)) {
            SecretPath at = importerPaths
                    .computeIfAbsent(i.envId(), id -> FolderStore.paths(tx, id))
                    .get(i.folderId());
            String slug = slugs.get(i.envId());
            if (at == null || slug == null || !seen.add(slug + "|" + at)) continue;
            out.add(new Item("secret:import-mutation", slug, at.toString(), null, null, 0, List.of()));
        }
        return out;
    }

    private void deliver(Subscription s, List<Item> items, Map<List<Object>, String> messages) {
        Map<String, List<Map<String, Object>>> byType = new LinkedHashMap<>();
        for (Item i : items) {
            if (!s.wants(i.type(), i.environment(), i.path())) continue;
            Resource at = Resource.at(Subject.SECRETS, s.project(), i.environment(), i.path());
            if (!authorizer.allows(s.actor(), Action.READ, i.key() == null ? at : at.secret(i.key(), i.tags()))) {
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("environment", i.environment());
            p.put("secretPath", i.path());
            if (i.key() != null) {
                p.put("secretKey", i.key());
                p.put("secretId", i.secretId());
                p.put("secretVersion", i.version());
            }
            byType.computeIfAbsent(i.type(), t -> new ArrayList<>()).add(p);
        }
        for (var e : byType.entrySet()) {
            s.offer(messages.computeIfAbsent(
                    List.of(e.getKey(), e.getValue()), k -> message(e.getKey(), e.getValue())));
        }
    }

    private String message(String type, List<Map<String, Object>> payload) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("eventType", type);
        data.put("payload", payload);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectType", "secret-manager");
        body.put("data", data);
        String json = new String(Json.write(body), StandardCharsets.UTF_8);
        return "id: " + ids.incrementAndGet() + "\nevent: " + type + "\ndata: " + json + "\n\n";
    }
}
