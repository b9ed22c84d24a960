package org.actionbench.ui.security;

import java.security.SecureRandom;

/** Unguessable ids: session tokens, CSRF tokens and the opaque ids images are served under. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Lower-case letters and digits only, so an id never forms a word boundary inside a URL or page. */
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Tokens() {
    }

    /** {@code length} random characters (36 symbols each: 26 characters give 134 bits). */
    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    public static long randomLong() {
        return RANDOM.nextLong();
    }
}
