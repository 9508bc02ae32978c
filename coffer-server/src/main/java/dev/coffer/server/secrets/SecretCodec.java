package dev.coffer.server.secrets;

import dev.coffer.server.keys.Barrier;
import dev.coffer.server.keys.Barrier.Field;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Tx;
import java.util.List;

/**
 * Turns stored rows into secrets and values into ciphertexts, through the barrier, in the caller's unit
 * of work. Metadata values marked isEncrypted are sealed like values (field METADATA, bound to the
 * row's version and place, and to their entry's key).
 */
final class SecretCodec {

    private final Barrier barrier;

    SecretCodec(Barrier barrier) {
        this.barrier = barrier;
    }

    /**
     * The secret of a row read in {@code scope}'s environment. The ciphertexts must be bound to the
     * place the row now points at (its folder, its name, the environment that folder is in): a row
     * re-pointed or renamed outside Coffer fails its integrity check here. Tags are attached by the caller.
     */
    Secret decrypt(Tx tx, ProjectService.Scope scope, SecretPath path, SecretRow r) {
        String projectId = scope.project().id();
        String envId = scope.environment().id();
        return new Secret(
                r.id(),
                projectId,
                scope.environment().slug(),
                path,
                r.key(),
                r.type(),
                r.version(),
                new SecretValue(barrier.open(tx, binding(projectId, envId, r, Field.VALUE), r.valueCt())),
                new SecretValue(barrier.open(tx, binding(projectId, envId, r, Field.COMMENT), r.commentCt())),
                r.skipMultiline(),
                r.reminderNote(),
                r.reminderDays(),
                Metadata.open(r.metadata(), ct -> barrier.open(tx, binding(projectId, envId, r, Field.METADATA), ct)),
                r.createdAt(),
                r.updatedAt(),
                List.of());
    }

    /** Seals the value or comment of {@code row} (its id, version, folder and name) in environment {@code envId}. */
    byte[] seal(Tx tx, String projectId, String envId, SecretRow row, Field field, SecretValue value) {
        return barrier.seal(tx, binding(projectId, envId, row, field), value.reveal());
    }

    /**
     * {@code row} (whose metadata is in the plain form) with its value, comment and metadata sealed for
     * it: its id, version, folder, name and environment.
     */
    SecretRow sealed(Tx tx, String projectId, String envId, SecretRow row, SecretValue value, SecretValue comment) {
        String stored = Metadata.seal(
                row.metadata(), kv -> barrier.seal(tx, binding(projectId, envId, row, Field.METADATA), kv));
        return row.withCiphertexts(
                        seal(tx, projectId, envId, row, Field.VALUE, value),
                        seal(tx, projectId, envId, row, Field.COMMENT, comment))
                .withMetadata(stored);
    }

    private static Barrier.Binding binding(String projectId, String envId, SecretRow r, Field field) {
        return new Barrier.Binding(projectId, r.id(), r.version(), field, envId, r.folderId(), r.key());
    }
}
