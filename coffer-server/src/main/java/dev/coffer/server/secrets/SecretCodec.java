package dev.coffer.server.secrets;

import dev.coffer.server.keys.Barrier;
import dev.coffer.server.keys.Barrier.Field;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Tx;

/** Turns stored rows into secrets and values into ciphertexts, through the barrier, in the caller's unit of work. */
final class SecretCodec {

    private final Barrier barrier;

    SecretCodec(Barrier barrier) {
        this.barrier = barrier;
    }

    /**
     * The secret of a row read in {@code scope}'s environment. The ciphertexts must be bound to the
     * place the row now points at (its folder, its name, the environment that folder is in): a row
     * re-pointed or renamed outside Coffer fails its integrity check here.
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
                r.metadata(),
                r.createdAt(),
                r.updatedAt());
    }

    /** Seals the value or comment of {@code row} (its id, version, folder and name) in environment {@code envId}. */
    byte[] seal(Tx tx, String projectId, String envId, SecretRow row, Field field, SecretValue value) {
        return barrier.seal(tx, binding(projectId, envId, row, field), value.reveal());
    }

    private static Barrier.Binding binding(String projectId, String envId, SecretRow r, Field field) {
        return new Barrier.Binding(projectId, r.id(), r.version(), field, envId, r.folderId(), r.key());
    }
}
