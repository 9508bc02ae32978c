package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * AES-256-GCM vectors from McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)",
 * test cases 13 to 16. Test cases 13 and 14 use the all-zero key and IV; 15 and 16 use the
 * published feffe992... key and cafebabe... IV.
 */
class AeadKnownAnswerTest {

    private static final String ZERO_KEY = "00".repeat(32);
    private static final String ZERO_IV = "00".repeat(12);
    private static final String KEY = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    private static final String IV = "cafebabefacedbaddecaf888";
    private static final String PLAINTEXT_60 = "d9313225f88406e5a55909c5aff5269a"
            + "86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525"
            + "b16aedf5aa0de657ba637b39";
    private static final String CIPHERTEXT_60 = "522dc1f099567d07f47f37a32a84427d"
            + "643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838"
            + "c5f61e6393ba7a0abcc9f662";

    @Test
    void testCase13EmptyPlaintextUnderZeroKeyGivesPublishedTag() {
        assertVector(ZERO_KEY, ZERO_IV, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b");
    }

    @Test
    void testCase14OneZeroBlockUnderZeroKeyGivesPublishedCiphertextAndTag() {
        assertVector(
                ZERO_KEY,
                ZERO_IV,
                "00".repeat(16),
                "",
                "cea7403d4d606b6e074ec5d3baf39d18",
                "d0d1c8a799996bf0265b98b5d48ab919");
    }

    @Test
    void testCase15FourBlocksWithoutAssociatedDataGivePublishedCiphertextAndTag() {
        assertVector(
                KEY, IV, PLAINTEXT_60 + "1aafd255", "", CIPHERTEXT_60 + "898015ad", "b094dac5d93471bdec1a502270e3cc6c");
    }

    @Test
    void testCase16PartialBlockWithAssociatedDataGivesPublishedCiphertextAndTag() {
        assertVector(
                KEY,
                IV,
                PLAINTEXT_60,
                "feedfacedeadbeeffeedfacedeadbeefabaddad2",
                CIPHERTEXT_60,
                "76fc6ece0f4e1768cddf8853bb2d551b");
    }

    private static void assertVector(
            String key, String iv, String plaintext, String aad, String ciphertext, String tag) {
        Aead aead = Aead.of(Hex.decode(key));
        byte[] associatedData = Hex.decode(aad);
        byte[] sealed = aead.sealWithIv(Hex.decode(iv), Hex.decode(plaintext), associatedData);

        assertThat(Hex.encode(sealed)).isEqualTo(iv + ciphertext + tag);
        assertThat(aead.open(sealed, associatedData)).isEqualTo(Hex.decode(plaintext));
    }
}
