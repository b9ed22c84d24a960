package org.actionbench.ui.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.actionbench.ui.UiConfig;

/**
 * Password hashes as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64): PBKDF2-HMAC-SHA256 from the
 * JDK, so no extra dependency; the iteration count is stored with each hash, so raising it later keeps old
 * hashes valid.
 */
@ApplicationScoped
public class PasswordHasher {
    private static final String SCHEME = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final int iterations;
    private final AtomicLong derivations = new AtomicLong();
    /** Checked against when the user name is unknown, so that costs what a wrong password costs. */
    private final String stranger;

    public PasswordHasher(UiConfig config) {
        this.iterations = config.passwordIterations();
        this.stranger = hash(Tokens.random(32));
    }

    /** Runs the same work as {@link #verify} for an account that does not exist, and fails. */
    public boolean verifyUnknown(String password) {
        verify(password, stranger);
        return false;
    }

    /** How many keys were derived so far (every hash and every check derives one). */
    public long derivations() {
        return derivations.get();
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    public boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
    }

    private byte[] derive(String password, byte[] salt, int iterations) {
        derivations.incrementAndGet();
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("every Java runtime has PBKDF2WithHmacSHA256", e);
        }
    }
}
