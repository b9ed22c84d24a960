package org.actionbench.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The reversible byte → character table of byte-level BPE (GPT-2, CLIP's {@code bytes_to_unicode}).
 *
 * <p>BPE works on strings whose characters stand for the UTF-8 bytes of the text, so that every
 * text is covered by 256 base symbols and no byte is ever unknown. Printable Latin-1 bytes stand for
 * themselves; the other 68 bytes (controls, space, soft hyphen, …) are moved to U+0100 and above, in
 * byte order, because BPE merge files use spaces and newlines as separators. The order of
 * {@link #alphabet()} is the order in which CLIP's vocabulary lists the base symbols, so it fixes the
 * first 512 token ids.
 */
public final class ByteUnicode {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE;
    private static final List<String> ALPHABET;

    static {
        List<Integer> order = new ArrayList<>();
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            if (printable[b]) {
                BYTE_TO_CHAR[b] = (char) b;
                order.add(b);
            }
        }
        int moved = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                BYTE_TO_CHAR[b] = (char) (256 + moved++);
                order.add(b);
            }
        }
        CHAR_TO_BYTE = new int[256 + moved];
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        List<String> alphabet = new ArrayList<>(256);
        for (int b : order) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
            alphabet.add(String.valueOf(BYTE_TO_CHAR[b]));
        }
        ALPHABET = Collections.unmodifiableList(alphabet);
    }

    private ByteUnicode() {
    }

    /** The character standing for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte a character stands for, or -1 if it is not one of the 256 symbols. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The 256 symbols in CLIP's vocabulary order: the printable bytes first, then the moved ones. */
    public static List<String> alphabet() {
        return ALPHABET;
    }

    /** The UTF-8 bytes of {@code text}, one symbol per byte. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /**
     * Appends the bytes that the symbols of {@code symbols} stand for. Characters outside the table
     * (only possible in a hand-edited vocabulary) are appended as their own UTF-8 bytes.
     */
    static void decodeInto(String symbols, ByteArrayOutputStream out) {
        for (int i = 0; i < symbols.length(); i++) {
            int b = byteOf(symbols.charAt(i));
            if (b >= 0) {
                out.write(b);
            } else {
                byte[] raw = String.valueOf(symbols.charAt(i)).getBytes(StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
            }
        }
    }
}
