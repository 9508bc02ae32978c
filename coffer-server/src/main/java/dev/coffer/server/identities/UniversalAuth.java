package dev.coffer.server.identities;

import java.util.List;

/** The universal-auth configuration of one identity. */
public record UniversalAuth(
        String id,
        String identityId,
        String clientId,
        long accessTokenTtl,
        long accessTokenMaxTtl,
        long accessTokenNumUsesLimit,
        List<String> clientSecretTrustedIps,
        List<String> accessTokenTrustedIps,
        boolean lockoutEnabled,
        int lockoutThreshold,
        int lockoutDurationSeconds,
        int lockoutCounterResetSeconds,
        int failedAttempts,
        Long firstFailureAt,
        Long lockedUntil,
        long createdAt,
        long updatedAt) {}
