package dev.coffer.server.servicetokens;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.access.TokenPolicies;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SQL for service tokens. Scopes are kept as JSON, permissions as a comma-separated list. */
final class ServiceTokenStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "t.id, t.project_id, p.org_id, t.name, t.secret_hash, t.scopes, "
            + "t.permissions, t.encrypted_key, t.iv, t.tag, t.created_by, t.expires_at, t.created_at, t.updated_at";

    private ServiceTokenStore() {}

    static void insert(Tx tx, ServiceToken t) {
        Jdbc.update(
                tx,
                "INSERT INTO service_tokens (id, project_id, name, secret_hash, scopes, permissions, encrypted_key, iv, "
                        + "tag, created_by, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(),
                t.projectId(),
                t.name(),
                t.secretHash(),
                scopesJson(t.scopes()),
                String.join(",", t.permissions()),
                t.encryptedKey(),
                t.iv(),
                t.tag(),
                t.createdBy(),
                t.expiresAt(),
                t.createdAt(),
                t.updatedAt());
    }

    static Optional<ServiceToken> find(Tx tx, String id) {
        return Jdbc.one(
                tx,
                "SELECT " + COLUMNS + " FROM service_tokens t JOIN projects p ON p.id = t.project_id WHERE t.id = ?",
                ServiceTokenStore::row,
                id);
    }

    static List<ServiceToken> byProject(Tx tx, String projectId) {
        return Jdbc.list(
                tx,
                "SELECT " + COLUMNS + " FROM service_tokens t JOIN projects p ON p.id = t.project_id "
                        + "WHERE t.project_id = ? ORDER BY t.created_at, t.id",
                ServiceTokenStore::row,
                projectId);
    }

    static int delete(Tx tx, String id) {
        return Jdbc.update(tx, "DELETE FROM service_tokens WHERE id = ?", id);
    }

    private static ServiceToken row(ResultSet rs) throws SQLException {
        long expires = rs.getLong(12);
        Long expiresAt = rs.wasNull() ? null : expires;
        Set<String> permissions = new LinkedHashSet<>(List.of(rs.getString(7).split(",")));
        return new ServiceToken(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                scopes(rs.getString(6)),
                permissions,
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                expiresAt,
                rs.getLong(13),
                rs.getLong(14));
    }

    private static String scopesJson(List<TokenPolicies.Scope> scopes) {
        try {
            return JSON.writeValueAsString(scopes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("scopes could not be written", e);
        }
    }

    private static List<TokenPolicies.Scope> scopes(String json) throws SQLException {
        try {
            return JSON.readValue(json, new TypeReference<List<TokenPolicies.Scope>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("service_tokens.scopes is not valid JSON", e);
        }
    }
}
