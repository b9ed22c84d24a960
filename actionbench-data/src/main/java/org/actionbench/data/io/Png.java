package org.actionbench.data.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG encoding: the same image gives the same bytes (ImageIO's PNG writer adds no time stamps). */
public final class Png {
    private Png() {
    }

    public static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG", e);
        }
        return out.toByteArray();
    }

    /** Writes {@code img} to {@code file} atomically. */
    public static void write(Path file, BufferedImage img) throws IOException {
        AtomicFiles.write(file, encode(img));
    }
}
