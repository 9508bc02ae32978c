package dev.coffer.server.identities;

import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.store.Ids;
import java.util.List;

/** Response shapes (an allowlist of fields, as Infisical's clients read them). */
final class IdentityViews {

    private IdentityViews() {}

    record IdentityView(
            String id,
            String name,
            String orgId,
            String authMethod,
            List<String> authMethods,
            boolean hasDeleteProtection,
            String projectId,
            List<Object> metadata,
            String createdAt,
            String updatedAt) {}

    record IdentitySummary(
            String name,
            String id,
            String orgId,
            List<String> authMethods,
            boolean hasDeleteProtection,
            List<String> activeLockoutAuthMethods) {}

    record OrgMembershipView(
            String id,
            String role,
            String roleId,
            String orgId,
            String identityId,
            String createdAt,
            String updatedAt,
            IdentitySummary identity) {}

    record UniversalAuthView(
            String id,
            String clientId,
            String identityId,
            long accessTokenTTL,
            long accessTokenMaxTTL,
            long accessTokenNumUsesLimit,
            long accessTokenPeriod,
            List<Object> clientSecretTrustedIps,
            List<Object> accessTokenTrustedIps,
            boolean lockoutEnabled,
            int lockoutThreshold,
            int lockoutDurationSeconds,
            int lockoutCounterResetSeconds,
            String createdAt,
            String updatedAt) {}

    record ClientSecretView(
            String id,
            String description,
            String clientSecretPrefix,
            long clientSecretNumUses,
            long clientSecretNumUsesLimit,
            long clientSecretTTL,
            String identityUAId,
            boolean isClientSecretRevoked,
            String createdAt,
            String updatedAt) {}

    static List<String> methods(Identity i) {
        return i.authMethod() == null ? List.of() : List.of(i.authMethod());
    }

    static IdentityView of(Identity i) {
        return new IdentityView(
                i.id(),
                i.name(),
                i.orgId(),
                i.authMethod(),
                methods(i),
                false,
                null,
                List.of(),
                Ids.iso(i.createdAt()),
                Ids.iso(i.updatedAt()));
    }

    static OrgMembershipView membership(Identity i) {
        return new OrgMembershipView(
                i.id(),
                i.orgRole(),
                null,
                i.orgId(),
                i.id(),
                Ids.iso(i.createdAt()),
                Ids.iso(i.updatedAt()),
                new IdentitySummary(i.name(), i.id(), i.orgId(), methods(i), false, List.of()));
    }

    static UniversalAuthView of(UniversalAuth u) {
        return new UniversalAuthView(
                u.id(),
                u.clientId(),
                u.identityId(),
                u.accessTokenTtl(),
                u.accessTokenMaxTtl(),
                u.accessTokenNumUsesLimit(),
                0,
                TrustedIps.describe(u.clientSecretTrustedIps()),
                TrustedIps.describe(u.accessTokenTrustedIps()),
                u.lockoutEnabled(),
                u.lockoutThreshold(),
                u.lockoutDurationSeconds(),
                u.lockoutCounterResetSeconds(),
                Ids.iso(u.createdAt()),
                Ids.iso(u.updatedAt()));
    }

    static ClientSecretView of(ClientSecret s) {
        return new ClientSecretView(
                s.id(),
                s.description(),
                s.prefix(),
                s.numUses(),
                s.numUsesLimit(),
                s.ttl(),
                s.identityId(),
                s.revoked(),
                Ids.iso(s.createdAt()),
                Ids.iso(s.updatedAt()));
    }
}
