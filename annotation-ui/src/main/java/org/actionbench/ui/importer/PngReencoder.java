package org.actionbench.ui.importer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * The one encoder every served image goes through (issue 19 §4): the pixels, decoded, written again as an 8-bit
 * RGB PNG of exactly three chunks (IHDR, one IDAT, IEND), every scanline unfiltered and the zlib stream made of
 * stored (uncompressed) deflate blocks. Nothing of the original file survives but its pixels, and the length
 * depends only on the dimensions ({@link #length}): not on the method's encoder, its ancillary chunks, or how
 * well its pixels compress.
 */
public final class PngReencoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** The largest stored deflate block (its LEN field is 16 bits). */
    private static final int MAX_STORED = 65_535;

    private PngReencoder() {
    }

    /** @throws PngSanitizer.NotPngException when the bytes do not decode as an image */
    public static byte[] reencode(byte[] png) throws PngSanitizer.NotPngException {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException | RuntimeException e) {
            throw new PngSanitizer.NotPngException("cannot decode the image: " + e.getMessage());
        }
        if (image == null) {
            throw new PngSanitizer.NotPngException("cannot decode the image");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] raw = new byte[h * (1 + 3 * w)];
        int[] row = new int[w];
        int at = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            raw[at++] = 0; // filter type None
            for (int x = 0; x < w; x++) {
                raw[at++] = (byte) (row[x] >>> 16);
                raw[at++] = (byte) (row[x] >>> 8);
                raw[at++] = (byte) row[x];
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length(w, h));
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", storedZlib(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** The length of every re-encoded image of this size. */
    public static int length(int width, int height) {
        int raw = height * (1 + 3 * width);
        int blocks = Math.max(1, (raw + MAX_STORED - 1) / MAX_STORED);
        int zlib = 2 + raw + 5 * blocks + 4;
        return SIGNATURE.length + (12 + 13) + (12 + zlib) + 12;
    }

    /** A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4). */
    private static byte[] storedZlib(byte[] raw) {
        int blocks = Math.max(1, (raw.length + MAX_STORED - 1) / MAX_STORED);
        ByteBuffer z = ByteBuffer.allocate(2 + raw.length + 5 * blocks + 4);
        z.put((byte) 0x78).put((byte) 0x01); // deflate, 32K window, no dictionary, check bits
        for (int b = 0; b < blocks; b++) {
            int from = b * MAX_STORED;
            int len = Math.min(MAX_STORED, raw.length - from);
            z.put((byte) (b == blocks - 1 ? 1 : 0)); // BFINAL, BTYPE 00
            z.put((byte) len).put((byte) (len >>> 8));
            z.put((byte) ~len).put((byte) (~len >>> 8));
            z.put(raw, from, len);
        }
        Adler32 adler = new Adler32();
        adler.update(raw);
        z.putInt((int) adler.getValue());
        return z.array();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
