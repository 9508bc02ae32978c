package dev.coffer.operator.sync;

import dev.coffer.operator.coffer.CofferApi;
import dev.coffer.operator.coffer.CofferException;
import dev.coffer.operator.coffer.Session;
import dev.coffer.operator.metrics.Metrics;
import dev.coffer.operator.reload.AutoReload;
import dev.coffer.operator.resource.InfisicalSecret;
import dev.coffer.operator.resource.InfisicalSecretSpec;
import dev.coffer.operator.resource.InfisicalSecretStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Syncs one {@code InfisicalSecret}: logs in to Coffer, lists its scope (a cheap 304 when nothing
 * changed), writes the managed Secrets and ConfigMaps, rolls out workloads whose Secret changed, and
 * reports conditions. Reconciled when the resource's spec changes (generation-aware), when a managed
 * Secret is edited or deleted by hand (an informer on the operator's label), on a change event (instant
 * updates), and every resync interval. On failure the managed objects keep their last good data, the
 * conditions say why, and the next try comes after an exponential backoff.
 */
public final class InfisicalSecretReconciler implements Reconciler<InfisicalSecret>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InfisicalSecretReconciler.class.getName());

    /** What the operator remembers of a resource between reconciles. */
    private static final class State {
        String scopeKey;
        String etag;
        String projectId;
        Map<String, Template.Item> items;
        int failures;
    }

    private final KubernetesClient k8s;
    private final Clock clock;
    private final SyncSettings settings;
    private final Metrics metrics;
    private final Sessions sessions;
    private final ManagedObjects objects;
    private final AutoReload reload;
    private final KubeEvents events;
    private final InstantUpdates instant;
    private final Map<ResourceID, State> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coffer-operator-sweeper");
        t.setDaemon(true);
        return t;
    });

    public InfisicalSecretReconciler(KubernetesClient k8s, Clock clock, SyncSettings settings, Metrics metrics) {
        this.k8s = k8s;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
        this.sessions = new Sessions(k8s, clock, settings.httpTimeout());
        this.objects = new ManagedObjects(k8s);
        this.reload = new AutoReload(k8s);
        this.events = new KubeEvents(k8s);
        this.instant = new InstantUpdates(settings.maxBackoff());
    }

    @Override
    public List<EventSource<?, InfisicalSecret>> prepareEventSources(EventSourceContext<InfisicalSecret> context) {
        var config = InformerEventSourceConfiguration.from(Secret.class, InfisicalSecret.class)
                .withName("managed-secrets")
                .withLabelSelector(ManagedObjects.MANAGED_BY_LABEL + "=" + ManagedObjects.MANAGED_BY)
                .withSecondaryToPrimaryMapper(InfisicalSecretReconciler::owners)
                // the operator's own writes carry the digest of their data: only a Secret whose data no
                // longer matches it (a hand edit) or that is gone reconciles its resource
                .withOnAddFilter(s -> !ManagedObjects.versionOf(s).equals(version(s)))
                .withOnUpdateFilter(
                        (now, before) -> !ManagedObjects.versionOf(now).equals(version(now)))
                .build();
        var cache = context.getPrimaryCache();
        sweeper.scheduleWithFixedDelay(
                () -> {
                    try {
                        instant.sweep(id -> cache.get(id).isPresent());
                        for (ResourceID id : states.keySet()) {
                            if (cache.get(id).isPresent()) continue;
                            states.remove(id);
                            String key = id.getNamespace().orElse("") + "/" + id.getName();
                            metrics.forget(key);
                            events.forget(key);
                        }
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "sweep failed", e);
                    }
                },
                30,
                30,
                TimeUnit.SECONDS);
        return List.of(new InformerEventSource<>(config, context), instant.source());
    }

    private static String version(Secret s) {
        return ManagedObjects.annotation(s, ManagedObjects.VERSION_ANNOTATION);
    }

    private static Set<ResourceID> owners(Secret s) {
        String owner = ManagedObjects.annotation(s, ManagedObjects.OWNER_ANNOTATION);
        if (owner == null || owner.indexOf('/') < 0) return Set.of();
        int slash = owner.indexOf('/');
        return Set.of(new ResourceID(owner.substring(slash + 1), owner.substring(0, slash)));
    }

    @Override
    public UpdateControl<InfisicalSecret> reconcile(InfisicalSecret r, Context<InfisicalSecret> context) {
        ResourceID id = ResourceID.fromResource(r);
        String key = ManagedObjects.ownerKey(r);
        State state = states.computeIfAbsent(id, x -> new State());
        InfisicalSecretStatus status = r.getStatus() == null ? new InfisicalSecretStatus() : r.getStatus();
        if (status.conditions == null) status.conditions = new ArrayList<>();
        r.setStatus(status);
        Long gen = r.getMetadata().getGeneration();
        status.observedGeneration = gen;
        var now = clock.instant();
        InfisicalSecretSpec spec = r.getSpec();
        Duration resync = Intervals.resync(spec, settings.defaultResync());
        Scopes.Scope scope;
        Session session;
        try {
            session = sessions.session(r);
            scope = Scopes.of(spec);
            status.project = scope.project();
            status.environment = scope.environment();
            status.secretsPath = scope.path();
        } catch (AuthProblem p) {
            Conditions.set(status.conditions, Conditions.LOADED_TOKEN, false, p.reason(), p.getMessage(), gen, now);
            Conditions.set(
                    status.conditions,
                    Conditions.READY,
                    false,
                    "NoCredentials",
                    "cannot sync until authentication works: " + p.getMessage(),
                    gen,
                    now);
            return failed(r, state, p.reason(), p.getMessage());
        }
        try {
            CofferApi.Scope query = new CofferApi.Scope(
                    scope.project(), scope.bySlug(), scope.environment(), scope.path(), scope.recursive());
            if (session.isServiceToken() && scope.project() == null) {
                query = new CofferApi.Scope(
                        session.api().serviceTokenProject(session.token()),
                        false,
                        scope.environment(),
                        scope.path(),
                        scope.recursive());
                status.project = query.project();
            }
            String scopeKey = query + "|" + session;
            if (!scopeKey.equals(state.scopeKey)) {
                state.scopeKey = scopeKey;
                state.etag = null;
                state.items = null;
                state.projectId = null;
            }
            CofferApi.Listing listing = session.list(query, state.items == null ? null : state.etag);
            if (!listing.notModified()) {
                state.items = Desired.items(listing.entries());
                state.etag = listing.etag();
            }
            Conditions.set(
                    status.conditions,
                    Conditions.LOADED_TOKEN,
                    true,
                    "Authenticated",
                    session.isServiceToken() ? "service token accepted" : "logged in with universal auth",
                    gen,
                    now);
            Sync.Result result = new Sync(objects, reload).apply(r, spec, state.items);
            if (Boolean.TRUE.equals(Intervals.instant(spec))) {
                if (state.projectId == null) {
                    state.projectId = query.bySlug()
                            ? session.api().projectId(session.token(), query.project())
                            : query.project();
                }
                String projectId = state.projectId;
                String path = scope.recursive()
                        ? (scope.path().endsWith("/") ? scope.path() : scope.path() + "/") + "**"
                        : scope.path();
                instant.ensure(id, session, projectId, scope.environment(), path);
            } else {
                instant.stop(id);
            }
            status.secretsCount = result.keys();
            status.invalidKeys = result.invalidKeys().isEmpty() ? null : result.invalidKeys();
            status.lastSyncTime = now.toString();
            if (result.invalidKeys().isEmpty()) {
                Conditions.set(
                        status.conditions,
                        Conditions.READY,
                        true,
                        "Synced",
                        result.keys() + " keys synced to " + String.join(", ", result.targets()),
                        gen,
                        now);
            } else {
                String message = "synced " + result.keys() + " keys; not synced, as Kubernetes keys may only hold"
                        + " letters, digits, '-', '_' and '.': " + String.join(", ", result.invalidKeys())
                        + " (rename them in Coffer, or map them with template.data)";
                Conditions.set(status.conditions, Conditions.READY, false, "InvalidSecretKeys", message, gen, now);
                events.warning(r, "InvalidSecretKeys", message);
            }
            Conditions.set(
                    status.conditions,
                    Conditions.AUTO_REDEPLOY,
                    true,
                    "Ready",
                    result.reloaded().isEmpty()
                            ? "workloads annotated " + AutoReload.AUTO_RELOAD
                                    + ": \"true\" are rolled out when a managed Secret changes"
                            : "rolled out " + String.join(", ", result.reloaded()),
                    gen,
                    now);
            metrics.synced(key);
            metrics.reloaded(result.reloaded().size());
            if (state.failures > 0)
                events.normal(r, "Synced", "synced again after " + state.failures + " failed tries");
            state.failures = 0;
            return UpdateControl.patchStatus(r).rescheduleAfter(resync);
        } catch (CofferException e) {
            String reason = switch (e.kind()) {
                case UNREACHABLE -> "CofferUnreachable";
                case UNAUTHORIZED -> "TokenRejected";
                case REFUSED -> "ScopeRefused";
                case SERVER -> "CofferError";
            };
            String message = e.getMessage()
                    + switch (e.kind()) {
                        case UNREACHABLE, SERVER -> "; the managed Secrets keep their last synced data";
                        case UNAUTHORIZED ->
                            "; logging in again failed: check the identity's client secret and that"
                                    + " the identity is not revoked";
                        case REFUSED ->
                            "; check the project, environment and path, and that the identity is a member"
                                    + " of the project with read access";
                    };
            if (e.kind() == CofferException.Kind.UNAUTHORIZED) {
                Conditions.set(status.conditions, Conditions.LOADED_TOKEN, false, reason, message, gen, now);
            }
            Conditions.set(status.conditions, Conditions.READY, false, reason, message, gen, now);
            return failed(r, state, reason, message);
        } catch (Template.TemplateException e) {
            Conditions.set(
                    status.conditions, Conditions.READY, false, "TemplateNotSupported", e.getMessage(), gen, now);
            return failed(r, state, "TemplateNotSupported", e.getMessage());
        } catch (KubernetesClientException e) {
            String message = "writing the managed objects failed: "
                    + (e.getStatus() != null && e.getStatus().getMessage() != null
                            ? e.getStatus().getMessage()
                            : e.getMessage());
            Conditions.set(status.conditions, Conditions.READY, false, "KubernetesWriteFailed", message, gen, now);
            return failed(r, state, "KubernetesWriteFailed", message);
        }
    }

    private UpdateControl<InfisicalSecret> failed(InfisicalSecret r, State state, String reason, String message) {
        state.failures++;
        metrics.failed(ManagedObjects.ownerKey(r));
        events.warning(r, reason, message);
        long delay = Math.min(settings.maxBackoff().toMillis(), 1000L << Math.min(state.failures - 1, 20));
        LOG.log(Level.WARNING, "{0}: {1}: {2} (next try in {3} ms)", new Object[] {
            ManagedObjects.ownerKey(r), reason, message, delay
        });
        return UpdateControl.patchStatus(r).rescheduleAfter(Duration.ofMillis(delay));
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        instant.close();
    }
}
