package dev.coffer.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.Aead;
import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.keys.Barrier.Binding;
import dev.coffer.server.keys.Barrier.Field;
import dev.coffer.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The barrier on a real SQLite database: a sealed value names its format and data key generation in
 * a header, is bound to its project, secret, version and field, and any change to the header, the
 * binding or the bytes fails loudly (a server fault naming the secret, never its value). Ciphertexts
 * written before the header existed are still read.
 */
class BarrierTest {

    private static final String PLAINTEXT = "postgres://app:s3cr3t-ünïcødé@db/prod";
    private static final String ENV = UUID.randomUUID().toString();
    private static final String FOLDER = UUID.randomUUID().toString();
    private static final String NAME = "DATABASE_URL";

    @TempDir
    Path dir;

    private final Invalidator invalidator = new Invalidator();
    private Database db;
    private Keyring keyring;
    private Barrier barrier;
    private String project;
    private String otherProject;
    private Binding binding;

    @BeforeEach
    void openDatabaseWithTwoProjects() throws Exception {
        Path file = dir.resolve("coffer.db");
        db = Database.sqlite(file, invalidator);
        keyring = Keyring.open(db, new KeySource(Aead.of(SecureRandoms.bytes(32)), "a test key"));
        barrier = new Barrier(keyring, invalidator, Clock.systemUTC());
        project = UUID.randomUUID().toString();
        otherProject = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            insert(c, "INSERT INTO organizations (id, name, slug, created_at) VALUES (?, 'Acme', 'acme', 0)", "org-1");
            for (String p : new String[] {project, otherProject}) {
                insert(
                        c,
                        "INSERT INTO projects (id, org_id, name, slug, created_at, updated_at) VALUES (?, 'org-1', ?, ?, 0, 0)",
                        p,
                        "P " + p,
                        p);
            }
        }
        for (String p : new String[] {project, otherProject}) {
            db.write(tx -> {
                barrier.createProjectKey(tx, p);
                return null;
            });
        }
        binding = at(project, UUID.randomUUID().toString(), 3, Field.VALUE);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    // ---------------------------------------------------------------- the format

    @Test
    void aSealedValueStartsWithTheHeaderC002AndGenerationOne() {
        byte[] sealed = seal(binding, PLAINTEXT);
        assertThat(Arrays.copyOf(sealed, 6)).containsExactly(0xC0, 0x02, 0x00, 0x00, 0x00, 0x01);
        assertThat(Barrier.generationOf(sealed)).isEqualTo(1);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
        assertThat(open(binding, sealed)).isEqualTo(PLAINTEXT);
    }

    @Test
    void sealingTheSameValueTwiceGivesDifferentCiphertexts() {
        assertThat(seal(binding, PLAINTEXT)).isNotEqualTo(seal(binding, PLAINTEXT));
    }

    @Test
    void anEmptyValueRoundTrips() {
        assertThat(open(binding, seal(binding, ""))).isEmpty();
    }

    // ---------------------------------------------------------------- tampering fails loudly

    @Test
    void anotherKeyIdInTheHeaderFailsLoudly() {
        byte[] sealed = seal(binding, PLAINTEXT);
        sealed[5] = 2; // generation 2, which this project does not have
        assertTampered(() -> open(binding, sealed), binding);
        sealed[5] = 0; // generation 0
        assertTampered(() -> open(binding, sealed), binding);
    }

    @Test
    void anotherFormatByteFailsLoudly() {
        byte[] sealed = seal(binding, PLAINTEXT);
        sealed[1] = 3;
        assertTampered(() -> open(binding, sealed), binding);
        sealed[1] = 1; // relabelled as the first format, which is not bound to the secret's place
        assertTampered(() -> open(binding, sealed), binding);
        byte[] noMagic = seal(binding, PLAINTEXT);
        noMagic[0] = (byte) 0xC1;
        assertTampered(() -> open(binding, noMagic), binding);
    }

    @Test
    void aCiphertextOpenedUnderAnotherSecretIdFailsLoudly() {
        byte[] sealed = seal(binding, PLAINTEXT);
        Binding other = at(project, UUID.randomUUID().toString(), binding.version(), Field.VALUE);
        assertTampered(() -> open(other, sealed), other);
    }

    @Test
    void aCiphertextOpenedAsAnotherVersionFailsLoudly() {
        byte[] sealed = seal(binding, PLAINTEXT);
        Binding older = at(project, binding.secretId(), binding.version() - 1, Field.VALUE);
        assertTampered(() -> open(older, sealed), older);
    }

    @Test
    void aValueCiphertextOpenedAsTheCommentFailsLoudly() {
        byte[] sealed = seal(binding, PLAINTEXT);
        Binding comment = at(project, binding.secretId(), binding.version(), Field.COMMENT);
        assertTampered(() -> open(comment, sealed), comment);
    }

    @Test
    void aCiphertextOpenedInAnotherProjectFailsLoudly() {
        byte[] sealed = seal(binding, PLAINTEXT);
        Binding moved = at(otherProject, binding.secretId(), binding.version(), Field.VALUE);
        assertTampered(() -> open(moved, sealed), moved);
    }

    @Test
    void changingAnyByteOfTheCiphertextFailsLoudly() {
        byte[] original = seal(binding, PLAINTEXT);
        for (int i = 6; i < original.length; i++) {
            byte[] sealed = original.clone();
            sealed[i] ^= 0x01;
            assertTampered(() -> open(binding, sealed), binding);
        }
    }

    @Test
    void aTruncatedOrEmptyCiphertextFailsLoudly() {
        byte[] sealed = seal(binding, PLAINTEXT);
        assertTampered(() -> open(binding, Arrays.copyOf(sealed, sealed.length - 1)), binding);
        assertTampered(() -> open(binding, Arrays.copyOf(sealed, 6)), binding);
        assertTampered(() -> open(binding, new byte[0]), binding);
    }

    @Test
    void aCiphertextOpenedInAnotherEnvironmentFolderOrUnderAnotherNameFailsLoudly() {
        byte[] sealed = seal(binding, PLAINTEXT);
        String other = UUID.randomUUID().toString();
        for (Binding moved : new Binding[] {
            new Binding(project, binding.secretId(), binding.version(), Field.VALUE, other, FOLDER, NAME),
            new Binding(project, binding.secretId(), binding.version(), Field.VALUE, ENV, other, NAME),
            new Binding(project, binding.secretId(), binding.version(), Field.VALUE, ENV, FOLDER, "OTHER_NAME"),
            new Binding(project, binding.secretId(), binding.version(), Field.VALUE, ENV, FOLDER, NAME + "|x"),
        }) {
            assertTampered(() -> open(moved, sealed), moved);
        }
        assertThat(open(binding, sealed)).isEqualTo(PLAINTEXT);
    }

    // ---------------------------------------------------------------- the first header format, C0 01

    @Test
    void aC001CiphertextAsThePreviousReleaseWroteItIsStillReadWhereverItsRowPoints() {
        byte[] first = formatOneSeal(binding, PLAINTEXT);
        assertThat(Barrier.generationOf(first)).isEqualTo(1);
        assertThat(open(binding, first)).isEqualTo(PLAINTEXT);
        // C0 01 was not bound to the secret's place, so it cannot be checked against it
        Binding elsewhere = new Binding(project, binding.secretId(), binding.version(), Field.VALUE, "e", "f", "N");
        assertThat(open(elsewhere, first)).isEqualTo(PLAINTEXT);
    }

    @Test
    void aC001CiphertextIsStillBoundToItsSecretVersionAndField() {
        byte[] first = formatOneSeal(binding, PLAINTEXT);
        Binding otherVersion = at(project, binding.secretId(), binding.version() + 1, Field.VALUE);
        assertTampered(() -> open(otherVersion, first), otherVersion);
        Binding comment = at(project, binding.secretId(), binding.version(), Field.COMMENT);
        assertTampered(() -> open(comment, first), comment);
        byte[] relabelled = first.clone();
        relabelled[1] = 2; // claims the current format: the header is part of the associated data
        assertTampered(() -> open(binding, relabelled), binding);
    }

    // ---------------------------------------------------------------- ciphertexts from before the header

    @Test
    void aHeaderlessCiphertextAsThePreviousReleaseWroteItIsStillRead() {
        byte[] legacy = legacySeal(binding, PLAINTEXT);
        assertThat(Barrier.generationOf(legacy)).isEqualTo(1);
        assertThat(open(binding, legacy)).isEqualTo(PLAINTEXT);
    }

    @Test
    void aHeaderlessCiphertextIsStillBoundToItsRow() {
        byte[] legacy = legacySeal(binding, PLAINTEXT);
        Binding otherVersion = at(project, binding.secretId(), binding.version() + 1, Field.VALUE);
        assertTampered(() -> open(otherVersion, legacy), otherVersion);
        Binding comment = at(project, binding.secretId(), binding.version(), Field.COMMENT);
        assertTampered(() -> open(comment, legacy), comment);
        byte[] flipped = legacy.clone();
        flipped[flipped.length - 1] ^= 0x01;
        assertTampered(() -> open(binding, flipped), binding);
    }

    @Test
    void aHeaderlessCiphertextWhoseIvHappensToStartLikeAHeaderIsStillRead() {
        Aead oldCipher = Aead.of(dataKey(project, 0));
        byte[] aad = legacyAad(binding);
        byte[] plaintext = PLAINTEXT.getBytes(StandardCharsets.UTF_8);
        byte[] legacy;
        int attempts = 0;
        do { // about 65,536 attempts on average
            legacy = oldCipher.seal(plaintext, aad);
            attempts++;
        } while (!(legacy[0] == (byte) 0xC0 && legacy[1] == 0x01) && attempts < 5_000_000);
        assertThat(legacy[0])
                .as("found an IV starting C0 01 after %d attempts", attempts)
                .isEqualTo((byte) 0xC0);
        assertThat(open(binding, legacy)).isEqualTo(PLAINTEXT);
    }

    @Test
    void aHeaderlessCiphertextSealedWithTheCurrentBindingLabelIsNotAcceptedAsLegacy() {
        // only the v1 label of the previous release is read without a header
        byte[] aad = ("coffer/secret/v2|" + project + "|" + binding.secretId() + "|" + binding.version() + "|VALUE")
                .getBytes(StandardCharsets.UTF_8);
        byte[] sealed = Aead.of(dataKey(project, 0)).seal(PLAINTEXT.getBytes(StandardCharsets.UTF_8), aad);
        assertTampered(() -> open(binding, sealed), binding);
    }

    // ---------------------------------------------------------------- generations

    @Test
    void afterASecondDataKeyGenerationNewValuesNameItAndOldOnesStillOpen() {
        byte[] legacy = legacySeal(binding, "legacy");
        byte[] first = seal(binding, "first");
        db.write(tx -> {
            KeyStore.insertDataKey(tx, project, keyring.wrapDataKey(project, 2, SecureRandoms.bytes(32)), 0);
            tx.invalidate(Invalidator.Topic.PROJECT, project);
            return null;
        });
        byte[] second = seal(binding, "second");
        assertThat(Barrier.generationOf(second)).isEqualTo(2);
        assertThat(Arrays.copyOf(second, 6)).containsExactly(0xC0, 0x02, 0x00, 0x00, 0x00, 0x02);
        assertThat(open(binding, legacy)).isEqualTo("legacy");
        assertThat(open(binding, first)).isEqualTo("first");
        assertThat(open(binding, second)).isEqualTo("second");
        byte[] relabelled = second.clone();
        relabelled[5] = 1; // claims generation 1: the key exists, but the header is part of the associated data
        assertTampered(() -> open(binding, relabelled), binding);
    }

    // ---------------------------------------------------------------- helpers

    /** A binding in this test's environment and folder, for the secret named NAME. */
    private static Binding at(String projectId, String secretId, long version, Field field) {
        return new Binding(projectId, secretId, version, field, ENV, FOLDER, NAME);
    }

    private byte[] seal(Binding b, String plaintext) {
        return db.write(tx -> barrier.seal(tx, b, plaintext));
    }

    private String open(Binding b, byte[] sealed) {
        return db.read(tx -> barrier.open(tx, b, sealed));
    }

    /** Exactly what the previous release (SecretCipher) stored: no header, the v1 binding label. */
    private byte[] legacySeal(Binding b, String plaintext) {
        return Aead.of(dataKey(b.projectId(), 0)).seal(plaintext.getBytes(StandardCharsets.UTF_8), legacyAad(b));
    }

    /** Exactly what the release before location binding stored: header C0 01, the v2 binding label. */
    private byte[] formatOneSeal(Binding b, String plaintext) {
        byte[] header = {(byte) 0xC0, 0x01, 0, 0, 0, 1};
        byte[] label = ("coffer/secret/v2|" + b.projectId() + "|" + b.secretId() + "|" + b.version() + "|"
                        + b.field().name())
                .getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[header.length + label.length];
        System.arraycopy(header, 0, aad, 0, header.length);
        System.arraycopy(label, 0, aad, header.length, label.length);
        return Aead.of(dataKey(b.projectId(), 0)).seal(header, plaintext.getBytes(StandardCharsets.UTF_8), aad);
    }

    private static byte[] legacyAad(Binding b) {
        return ("coffer/secret/v1|" + b.projectId() + "|" + b.secretId() + "|" + b.version() + "|"
                        + b.field().name())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The project's data key of the given index in generation order, unwrapped. */
    private byte[] dataKey(String projectId, int index) {
        return db.read(tx -> keyring.unwrapDataKey(
                projectId, KeyStore.dataKeys(tx, projectId).get(index)));
    }

    private static void assertTampered(ThrowingCallable open, Binding b) {
        assertThatThrownBy(open)
                .isInstanceOf(ApiException.ServerFault.class)
                .hasMessageContaining("failed its integrity check")
                .hasMessageContaining(b.secretId())
                .hasMessageContaining("version " + b.version())
                .hasMessageContaining(b.field().name().toLowerCase())
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain(PLAINTEXT).doesNotContain("s3cr3t"));
    }

    private static void insert(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
