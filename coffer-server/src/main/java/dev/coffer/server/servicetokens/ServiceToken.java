package dev.coffer.server.servicetokens;

import dev.coffer.server.access.TokenPolicies;
import java.util.List;
import java.util.Set;

/**
 * A service token's row: its project (and that project's organization), scopes, permissions, the
 * workspace key wrapped under the token's {@code <key>}, and expiry ({@code null}: never). The hash of
 * its secret never leaves the store's callers and is not part of {@link #toString()}.
 */
public record ServiceToken(
        String id,
        String projectId,
        String orgId,
        String name,
        String secretHash,
        List<TokenPolicies.Scope> scopes,
        Set<String> permissions,
        String encryptedKey,
        String iv,
        String tag,
        String createdBy,
        Long expiresAt,
        long createdAt,
        long updatedAt) {

    boolean expired(long now) {
        return expiresAt != null && now >= expiresAt;
    }

    @Override
    public String toString() {
        return "ServiceToken[" + id + " '" + name + "' in project " + projectId + "]";
    }
}
