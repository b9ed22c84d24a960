package org.actionbench.data.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.actionbench.data.bench.SubjectGroup;

/**
 * One line of {@code samples.jsonl}: a generated image and everything needed to judge and report it
 * without opening any other file.
 *
 * @param file    relative to the run directory, '/' separated:
 *                {@code cells/<method>/<action>/samples/<subject>/<k>.png}
 * @param sha256  lower-case hex digest of the file's bytes, so a moved or altered image is detected
 * @param seed    the seed the image was sampled with
 * @param prompt  the prompt as given to the text encoder (identifiers included)
 */
public record SampleRecord(String file, String sha256, String method, String action, String subject,
        SubjectGroup group, long seed, String prompt, SamplerSettings sampler) {
    public SampleRecord {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(sha256, "sha256 must not be null");
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(action, "action must not be null");
        Objects.requireNonNull(subject, "subject must not be null");
        Objects.requireNonNull(group, "group must not be null");
        Objects.requireNonNull(prompt, "prompt must not be null");
        Objects.requireNonNull(sampler, "sampler must not be null");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, is \"" + sha256 + "\"");
        }
    }

    /** The lower-case hex SHA-256 of {@code file}'s bytes. */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
