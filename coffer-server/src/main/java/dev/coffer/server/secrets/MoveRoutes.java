package dev.coffer.server.secrets;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Router;
import java.util.Map;

/** {@code POST /api/v4/secrets/move}, in Infisical's shape. */
final class MoveRoutes {

    private MoveRoutes() {}

    static void register(Router r, SecretMoves moves) {
        r.post("/api/v4/secrets/move", req -> {
            Body b = req.body();
            String project = b.firstString("projectId", "workspaceId", "projectSlug");
            if (project == null) throw new ApiException.Validation("projectId", "'projectId' is required.");
            SecretMoves.Moved m = moves.move(
                    req.actor(),
                    project,
                    new SecretService.Location(
                            project, b.string("sourceEnvironment", null), b.string("sourceSecretPath", "/")),
                    new SecretService.Location(
                            project, b.string("destinationEnvironment", null), b.string("destinationSecretPath", "/")),
                    b.strings("secretIds"),
                    Boolean.TRUE.equals(b.bool("shouldOverwrite", false)));
            return Map.of("isSourceUpdated", m.isSourceUpdated(), "isDestinationUpdated", m.isDestinationUpdated());
        });
    }
}
