package dev.coffer.cli.scan;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Realistic-looking secrets, made at run time from a seeded random generator so that this repository's
 * sources never contain one (the prefixes alone are not secrets).
 */
final class Tokens {
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String ALNUM = UPPER + LOWER + DIGITS;
    static final String BASE64 = ALNUM + "+/";
    static final String BASE64URL = ALNUM + "-_";

    private final Random random;

    Tokens(long seed) {
        this.random = new Random(seed);
    }

    String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        // every kind of character at least once, so entropy and mixed-case checks never depend on luck
        if (length >= 12 && (alphabet.equals(ALNUM) || alphabet.equals(BASE64) || alphabet.equals(BASE64URL))) {
            sb.setCharAt(0, UPPER.charAt(random.nextInt(26)));
            sb.setCharAt(1, LOWER.charAt(random.nextInt(26)));
            sb.setCharAt(2, DIGITS.charAt(random.nextInt(10)));
        }
        return sb.toString();
    }

    String awsAccessKeyId() {
        return "AK" + "IA" + random(UPPER + "234567", 16);
    }

    String awsSessionKeyId() {
        return "AS" + "IA" + random(UPPER + "234567", 16);
    }

    String awsSecretKey() {
        return random(BASE64, 40);
    }

    String github(String prefix) {
        return prefix + "_" + random(ALNUM, 36);
    }

    String githubFineGrained() {
        return "github" + "_pat_" + random(ALNUM, 22) + "_" + random(ALNUM, 59);
    }

    String gitlab() {
        return "glpat" + "-" + random(ALNUM, 20);
    }

    String slack(String prefix) {
        return prefix + "-" + random(DIGITS, 12) + "-" + random(DIGITS, 13) + "-" + random(ALNUM, 24);
    }

    String slackApp() {
        return "xapp" + "-1-A" + random(UPPER + DIGITS, 10) + "-" + random(DIGITS, 13) + "-"
                + random(LOWER + DIGITS, 64);
    }

    String slackWebhook() {
        return "https://hooks.slack.com/services/T" + random(UPPER + DIGITS, 8) + "/B" + random(UPPER + DIGITS, 10)
                + "/" + random(ALNUM, 24);
    }

    String stripe(String prefix) {
        return prefix + "_" + random(ALNUM, 24);
    }

    String googleApiKey() {
        return "AI" + "za" + random(BASE64URL, 35);
    }

    String openAiLegacy() {
        return "sk" + "-" + random(ALNUM, 20) + "T3BlbkFJ" + random(ALNUM, 20);
    }

    String openAiProject() {
        return "sk" + "-proj-" + random(BASE64URL, 120);
    }

    String anthropic() {
        return "sk" + "-ant-api03-" + random(BASE64URL, 93) + "AA";
    }

    String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload =
                b64.encodeToString(("{\"sub\":\"" + random(DIGITS, 10) + "\",\"name\":\"Planted\",\"iat\":1716239022}")
                        .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + random(BASE64URL, 43);
    }

    String password() {
        return random(ALNUM, 14) + "!" + random(ALNUM, 3);
    }

    /** A PKCS#8 EC private key in PEM form, as lines; the body (base64) is {@link Pem#body}. */
    Pem pkcs8Key() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(256);
            byte[] der = gen.generateKeyPair().getPrivate().getEncoded();
            return Pem.of("PRIVATE" + " KEY", Base64.getEncoder().encodeToString(der), 64);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An OpenSSH-format private key (random body after the real magic, which is enough for a scanner). */
    Pem openSshKey() {
        String body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW" + random(BASE64, 200);
        return Pem.of("OPENSSH PRIVATE" + " KEY", body, 70);
    }

    /** A PEM block: header, body lines, footer. */
    record Pem(String header, List<String> bodyLines, String footer, String body) {
        static Pem of(String label, String body, int width) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < body.length(); i += width) {
                lines.add(body.substring(i, Math.min(body.length(), i + width)));
            }
            return new Pem("-----BEGIN " + label + "-----", lines, "-----END " + label + "-----", body);
        }

        List<String> lines() {
            List<String> all = new ArrayList<>();
            all.add(header);
            all.addAll(bodyLines);
            all.add(footer);
            return all;
        }

        /** The whole block on one line with {@code \n} escapes, as in a JSON service-account file. */
        String escaped() {
            return String.join("\\n", lines()) + "\\n";
        }
    }
}
