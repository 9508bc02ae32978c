package dev.coffer.server.servicetokens;

import dev.coffer.server.access.Authorizer;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.http.Router;
import dev.coffer.server.keys.Keyring;
import dev.coffer.server.keys.WorkspaceKeys;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.secrets.SecretsFeature;
import dev.coffer.server.store.Database;
import java.time.Clock;

/** Wires legacy service tokens: their authenticator and policies, and their routes. */
public final class ServiceTokensFeature {

    private ServiceTokensFeature() {}

    /** The authenticator for {@code st.} tokens, made before the routes (the pipeline needs it). */
    public static ServiceTokens tokens(Database db, Keyring keyring, Invalidator invalidator, Clock clock) {
        return new ServiceTokens(db, new WorkspaceKeys(keyring), invalidator, clock);
    }

    /** Wires the routes; returns the service they use (the web console uses it too). */
    public static ServiceTokenService wire(
            Router router,
            Database db,
            Keyring keyring,
            ServiceTokens tokens,
            ProjectService projects,
            Authorizer authorizer,
            SecretsFeature.Services secrets,
            Clock clock) {
        WorkspaceKeys keys = new WorkspaceKeys(keyring);
        authorizer.useTokenPolicies(tokens);
        ServiceTokenService service = new ServiceTokenService(db, projects, authorizer, keys, clock);
        ServiceTokenRoutes.register(router, service, tokens);
        EncryptedSecretRoutes.register(router, secrets, tokens, keys, projects, authorizer);
        return service;
    }
}
