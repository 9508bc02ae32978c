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

    Secret decrypt(Tx tx, ProjectService.Scope scope, SecretPath path, SecretRow r) {
        String projectId = scope.project().id();
        return new Secret(
                r.id(),
                projectId,
                scope.environment().slug(),
                path,
                r.key(),
                r.type(),
                r.version(),
                new SecretValue(barrier.open(
                        tx, new Barrier.Binding(projectId, r.id(), r.version(), Field.VALUE), r.valueCt())),
                new SecretValue(barrier.open(
                        tx, new Barrier.Binding(projectId, r.id(), r.version(), Field.COMMENT), r.commentCt())),
                r.skipMultiline(),
                r.reminderNote(),
                r.reminderDays(),
                r.metadata(),
                r.createdAt(),
                r.updatedAt());
    }

    byte[] seal(Tx tx, String projectId, String secretId, long version, Field field, SecretValue value) {
        return barrier.seal(tx, new Barrier.Binding(projectId, secretId, version, field), value.reveal());
    }
}
