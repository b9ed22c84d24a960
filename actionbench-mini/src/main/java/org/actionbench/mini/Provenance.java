package org.actionbench.mini;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.actionbench.data.io.AtomicFiles;

/**
 * {@value #FILE_NAME} beside a trained artifact (the bundled mini model, the oracle judge): how it was made,
 * so that a committed snapshot can be told apart from a rebuild and reproduced.
 */
public final class Provenance {
    public static final String FILE_NAME = "provenance.json";

    private Provenance() {
    }

    /**
     * Writes {@code fields} (in their order) followed by the finishing time, the code version and the machine
     * to {@code dir}/{@value #FILE_NAME}, atomically; {@code fields} gains those three entries.
     */
    public static void write(Path dir, Map<String, Object> fields) throws IOException {
        fields.put("finished", Instant.now().toString());
        fields.put("git_commit", GitInfo.describe());
        fields.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + ", DJL PyTorch CPU, "
                + System.getProperty("ai.djl.pytorch.num_threads", "default") + " intra-op thread(s)");
        AtomicFiles.write(dir.resolve(FILE_NAME), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(fields).getBytes(StandardCharsets.UTF_8));
    }
}
