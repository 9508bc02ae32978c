package dev.coffer.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Policy;
import dev.coffer.server.cache.Invalidator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kept answers of lists: given back only for the same question at the same generation under an
 * equal policy, never kept when the project changed while the answer was made, held as ciphertext,
 * within their bound, and not at all when the caches are off.
 */
class ListAnswersTest {

    private final Invalidator invalidator = new Invalidator();
    private final FolderCache folders = new FolderCache(invalidator, 1024 * 1024);
    private final ListAnswers answers = new ListAnswers(folders, 1024 * 1024);
    private final Policy viewer = dev.coffer.server.access.Roles.project("viewer");
    private final ListAnswers.Question q = question("identity-1", "p1");
    private final byte[] body = "{\"secrets\":[{\"secretKey\":\"DB_PASSWORD\",\"secretValue\":\"hunter2\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private static ListAnswers.Question question(String actorId, String projectId) {
        return new ListAnswers.Question(
                Actor.Kind.IDENTITY,
                actorId,
                "org",
                projectId,
                "env-dev",
                "/",
                false,
                false,
                true,
                false,
                SecretService.Overrides.BESIDE,
                List.of(),
                List.of());
    }

    @Test
    void anAnswerIsGivenBackForTheSameQuestionAtTheSameGenerationUnderAnEqualPolicy() {
        long g = answers.generation("p1");
        answers.keep(q, g, viewer, body, "\"etag\"", List.of("DB_PASSWORD"));

        ListAnswers.Kept kept = answers.find(q, g, dev.coffer.server.access.Roles.project("viewer"));

        assertThat(kept).isNotNull();
        assertThat(answers.body(kept).open()).isEqualTo(body);
        assertThat(kept.etag()).isEqualTo("\"etag\"");
        assertThat(kept.names()).containsExactly("DB_PASSWORD");
        assertThat(answers.find(question("identity-2", "p1"), g, viewer)).isNull();
        assertThat(answers.find(q, g, dev.coffer.server.access.Roles.project("member")))
                .isNull();
        assertThat(answers.find(q, g, new Policy("viewer", List.of()))).isNull();
    }

    @Test
    void aCommitAChangeToTheProjectOrItsImportsOrAMissedInvalidationEndsTheProjectsAnswers() {
        for (Invalidator.Key change : List.of(
                new Invalidator.Key(Invalidator.Topic.COMMIT, "p1|env-dev|3"),
                new Invalidator.Key(Invalidator.Topic.PROJECT, "p1"),
                new Invalidator.Key(Invalidator.Topic.IMPORTS, "p1|env-dev|folder"))) {
            long g = answers.generation("p1");
            answers.keep(q, g, viewer, body, "\"e\"", List.of());
            ListAnswers.Question other = question("identity-1", "p2");
            answers.keep(other, answers.generation("p2"), viewer, body, "\"e\"", List.of());

            invalidator.deliver(change);

            assertThat(answers.find(q, answers.generation("p1"), viewer))
                    .as(change.encode())
                    .isNull();
            assertThat(answers.find(q, g, viewer)).as(change.encode()).isNull();
            assertThat(answers.find(other, answers.generation("p2"), viewer)).isNotNull();
        }
        answers.keep(q, answers.generation("p1"), viewer, body, "\"e\"", List.of());
        invalidator.flushAll();
        assertThat(answers.find(q, answers.generation("p1"), viewer)).isNull();
        assertThat(answers.bytes()).isZero();
    }

    @Test
    void anAnswerMadeWhileTheProjectChangedIsNotKept() {
        long before = answers.generation("p1");
        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.COMMIT, "p1|env-dev|9"));

        answers.keep(q, before, viewer, body, "\"old\"", List.of());

        assertThat(answers.kept(q)).isNull();
        assertThat(answers.bytes()).isZero();
    }

    @Test
    void whatIsKeptIsCiphertextThatShowsNoValue() {
        answers.keep(q, answers.generation("p1"), viewer, body, "\"e\"", List.of("DB_PASSWORD"));

        byte[] sealed = answers.kept(q).sealed();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        assertThat(answers.kept(q).toString()).doesNotContain("hunter2");
        assertThat(answers.toString()).doesNotContain("hunter2");
    }

    @Test
    void itStaysWithinItsBoundAndKeepsNothingWhenTheCachesAreOff() {
        ListAnswers small = new ListAnswers(folders, 16 * 1024);
        byte[] big = new byte[3 * 1024];
        for (int i = 0; i < 50; i++) {
            small.keep(question("identity-" + i, "p1"), small.generation("p1"), viewer, big, "\"e\"", List.of());
            assertThat(small.bytes()).isLessThanOrEqualTo(16 * 1024);
        }
        // a question the loop did not ask: whether the loop's answers are still kept depends on eviction order
        ListAnswers.Question large = question("identity-large", "p1");
        small.keep(large, small.generation("p1"), viewer, new byte[5 * 1024], "\"e\"", List.of());
        assertThat(small.kept(large)).as("larger than a quarter of the bound").isNull();

        ListAnswers off = new ListAnswers(folders, 0);
        off.keep(q, off.generation("p1"), viewer, body, "\"e\"", List.of());
        assertThat(off.enabled()).isFalse();
        assertThat(off.find(q, off.generation("p1"), viewer)).isNull();
        ListAnswers foldersOff = new ListAnswers(new FolderCache(invalidator, 0), 1024 * 1024);
        assertThat(foldersOff.enabled()).isFalse();
    }
}
