package dev.coffer.server.keys;

import dev.coffer.crypto.ConstantTime;
import dev.coffer.crypto.Hex;
import dev.coffer.crypto.Hmac;
import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.errors.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of legacy service tokens, in Infisical's wire format. Each token has its own workspace key:
 * 32 hex characters derived from a server key and the token id, so nothing of it is stored. Clients use
 * the key's UTF-8 bytes as an AES-256-GCM key with 16-byte IVs and the 16-byte tag kept apart, all
 * base64: the workspace key is wrapped that way under the token's {@code <key>} (which the server
 * forgets), and names, values and comments are sealed that way under the workspace key.
 *
 * <p>The server holds the plaintext: this is the wire format of end-to-end encryption, not its
 * guarantee. Token secrets are kept as an HMAC under a server key.
 */
public final class WorkspaceKeys {

    /** A ciphertext as Infisical's clients send and read it: base64 ciphertext, IV and tag. */
    public record Sealed(String ciphertext, String iv, String tag) {}

    private static final int IV_BYTES = 16;
    private static final int TAG_BYTES = 16;

    private final Hmac workspaceKeys;
    private final Hmac secretHashes;

    public WorkspaceKeys(Keyring keyring) {
        this.workspaceKeys = Hmac.sha256(keyring.derive("service-token-workspace-key"));
        this.secretHashes = Hmac.sha256(keyring.derive("service-token-secret"));
    }

    /** The workspace key of one token: 32 lowercase hex characters. */
    public String workspaceKey(String tokenId) {
        byte[] mac = workspaceKeys.mac("workspace-key|" + tokenId);
        return Hex.encode(java.util.Arrays.copyOf(mac, 16));
    }

    /** A new token secret or key: 32 lowercase hex characters. */
    public static String newHex() {
        return SecureRandoms.hex(16);
    }

    /** What is stored of a token secret. */
    public String hashSecret(String tokenId, String secret) {
        return Hex.encode(secretHashes.mac(tokenId + "|" + secret));
    }

    /** Whether {@code secret} is the one whose hash is stored, in constant time. */
    public boolean secretMatches(String tokenId, String secret, String storedHash) {
        return ConstantTime.equals(hashSecret(tokenId, secret), storedHash);
    }

    /** Seals {@code plaintext} under a 32-character key's UTF-8 bytes, as the clients do. */
    public static Sealed seal(String utf8Key, String plaintext) {
        byte[] iv = SecureRandoms.bytes(IV_BYTES);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, utf8Key, iv);
            byte[] out = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            int n = out.length - TAG_BYTES;
            Base64.Encoder b64 = Base64.getEncoder();
            return new Sealed(
                    b64.encodeToString(java.util.Arrays.copyOf(out, n)),
                    b64.encodeToString(iv),
                    b64.encodeToString(java.util.Arrays.copyOfRange(out, n, out.length)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Opens what a client sealed under the workspace key; a 400 naming {@code field} when it is not base64,
     * has the wrong IV or tag length, or fails authentication (sealed under another key).
     */
    public static String open(String utf8Key, Sealed sealed, String field) {
        byte[] ct;
        byte[] iv;
        byte[] tag;
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            ct = b64.decode(sealed.ciphertext() == null ? "" : sealed.ciphertext());
            iv = b64.decode(sealed.iv() == null ? "" : sealed.iv());
            tag = b64.decode(sealed.tag() == null ? "" : sealed.tag());
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest(
                    "'" + field + "' (ciphertext, IV and tag) must be base64; seal it with the workspace key.");
        }
        if (iv.length < 12 || iv.length > 64 || tag.length != TAG_BYTES) {
            throw new ApiException.BadRequest("'" + field + "IV' must be 12 to 64 bytes and '" + field
                    + "Tag' 16 bytes (base64), as AES-256-GCM under the workspace key makes them.");
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, utf8Key, iv);
            byte[] whole = new byte[ct.length + tag.length];
            System.arraycopy(ct, 0, whole, 0, ct.length);
            System.arraycopy(tag, 0, whole, ct.length, tag.length);
            return new String(c.doFinal(whole), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new ApiException.BadRequest("'" + field + "' does not decrypt under this token's workspace key; "
                    + "seal it with the key unwrapped from GET /api/v2/service-token.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static Cipher cipher(int mode, String utf8Key, byte[] iv) throws GeneralSecurityException {
        byte[] key = utf8Key.getBytes(StandardCharsets.UTF_8);
        if (key.length != 32) throw new IllegalArgumentException("a workspace key is 32 characters");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
        return c;
    }

    @Override
    public String toString() {
        return "WorkspaceKeys";
    }
}
