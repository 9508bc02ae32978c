package dev.coffer.server.audit;

/**
 * A search of one organization's audit events, Infisical's filters: each null field does not filter.
 * Dates are epoch milliseconds, {@code startDate} inclusive, {@code endDate} exclusive. Newest first.
 */
public record AuditQuery(
        String orgId,
        String projectId,
        String environment,
        String actorType,
        String actorId,
        String secretPath,
        String secretKey,
        String eventType,
        Long startDate,
        Long endDate,
        int offset,
        int limit) {}
