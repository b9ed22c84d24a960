package org.actionbench.ui.importer;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.actionbench.ui.UiConfig;

/**
 * The bytes raters are served, prepared once ({@link PngReencoder}) and kept under
 * {@code <data-dir>/served/<public id>.png}: at import for generated images, on first request for exemplars and
 * for anything whose file went missing (another machine, a cleaned data directory).
 */
@ApplicationScoped
public class ServedImages {
    private final Path dir;

    public ServedImages(UiConfig config) {
        this.dir = config.dataDir().resolve("served");
    }

    /** Why an image cannot be served: its source is gone, changed since import, or not an image. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /**
     * The served bytes of {@code publicId}, prepared from {@code source} if not yet done; {@code sha256} (when
     * known) must still match the source.
     */
    public byte[] bytes(String publicId, Path source, Optional<String> sha256) throws Unavailable {
        Path file = dir.resolve(publicId + ".png");
        try {
            return Files.readAllBytes(file);
        } catch (IOException notPreparedYet) {
            byte[] original;
            try {
                original = Files.readAllBytes(source);
            } catch (IOException e) {
                throw new Unavailable("This image is no longer on the server's disk; tell the admin.");
            }
            if (sha256.isPresent() && !sha256.get().equals(Hashes.sha256(original))) {
                throw new Unavailable("This image changed on disk since it was imported; tell the admin.");
            }
            try {
                return prepare(publicId, original);
            } catch (PngSanitizer.NotPngException e) {
                throw new Unavailable("This image is damaged on disk; tell the admin.");
            }
        }
    }

    /** Re-encodes {@code original} and stores it for {@code publicId}. */
    public byte[] prepare(String publicId, byte[] original) throws PngSanitizer.NotPngException {
        byte[] served = PngReencoder.reencode(original);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, publicId, ".tmp");
            Files.write(tmp, served);
            Files.move(tmp, dir.resolve(publicId + ".png"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a served image under " + dir, e);
        }
        return served;
    }
}
