package org.actionbench.ui.importer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Checks a PNG's structure (signature, chunk lengths and CRCs, IHDR first, IDAT present, IEND last), which the
 * import requires of every image, and can rewrite it with only the chunks a picture needs. What raters are
 * served goes further: {@link PngReencoder} writes the pixels anew.
 */
public final class PngSanitizer {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Chunks that carry pixels or how to show them; everything else is dropped. */
    private static final Set<String> KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM",
            "sRGB", "sBIT", "pHYs", "bKGD");

    private PngSanitizer() {
    }

    /** A file that is not a whole, well-formed PNG; the message says what is wrong. */
    public static final class NotPngException extends Exception {
        public NotPngException(String message) {
            super(message);
        }
    }

    /**
     * {@code png} with every chunk outside {@link #KEPT} removed.
     *
     * @throws NotPngException when the signature, a chunk length or CRC is wrong, IHDR is not first, there is no
     *                         IDAT, or the file does not end with IEND
     */
    public static byte[] sanitize(byte[] png) throws NotPngException {
        if (png.length < SIGNATURE.length || !Arrays.equals(Arrays.copyOf(png, SIGNATURE.length), SIGNATURE)) {
            throw new NotPngException("not a PNG file (wrong signature)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
        out.writeBytes(SIGNATURE);
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(SIGNATURE.length);
        boolean first = true;
        boolean idat = false;
        while (true) {
            if (in.remaining() < 12) {
                throw new NotPngException("truncated PNG (ends inside a chunk header at byte " + in.position() + ")");
            }
            int start = in.position();
            long length = Integer.toUnsignedLong(in.getInt());
            byte[] typeBytes = new byte[4];
            in.get(typeBytes);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            if (!type.chars().allMatch(Character::isLetter)) {
                throw new NotPngException("damaged PNG (invalid chunk type at byte " + start + ")");
            }
            if (length > in.remaining() - 4) {
                throw new NotPngException("truncated PNG (chunk " + type + " at byte " + start + " runs past the end)");
            }
            CRC32 crc = new CRC32();
            crc.update(png, start + 4, 4 + (int) length);
            in.position(in.position() + (int) length);
            long stored = Integer.toUnsignedLong(in.getInt());
            if (stored != crc.getValue()) {
                throw new NotPngException("damaged PNG (CRC mismatch in chunk " + type + " at byte " + start + ")");
            }
            if (first && !type.equals("IHDR")) {
                throw new NotPngException("damaged PNG (first chunk is " + type + ", not IHDR)");
            }
            first = false;
            idat |= type.equals("IDAT");
            if (KEPT.contains(type)) {
                out.write(png, start, 12 + (int) length);
            }
            if (type.equals("IEND")) {
                if (!idat) {
                    throw new NotPngException("damaged PNG (no image data)");
                }
                return out.toByteArray();
            }
        }
    }
}
