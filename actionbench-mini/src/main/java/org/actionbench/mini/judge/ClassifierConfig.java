package org.actionbench.mini.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.data.io.AtomicFiles;

/**
 * What an {@link ImageClassifier} recognises and its shape, stored as {@code config.json} beside its
 * weights: {@code name} (action / subject), the class {@code labels} in logit order, the input
 * {@code resolution}, the convolution {@code widths} and the {@code hidden} width.
 */
public record ClassifierConfig(String name, List<String> labels, int resolution, List<Integer> widths, int hidden) {

    public ClassifierConfig {
        labels = List.copyOf(labels);
        widths = List.copyOf(widths);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels");
        }
        if (widths.isEmpty() || resolution % (1 << (widths.size() - 1)) != 0) {
            throw new IllegalArgumentException("resolution " + resolution + " must be divisible by 2^(widths-1)");
        }
    }

    public int indexOf(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("classifier '" + name + "' knows no label '" + label + "' (knows "
                    + labels + ")");
        }
        return i;
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this)
                .getBytes(StandardCharsets.UTF_8));
    }

    public static ClassifierConfig read(Path file) throws IOException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": not a readable classifier config: " + e.getMessage(), e);
        }
        for (String field : new String[] {"name", "labels", "resolution", "widths", "hidden"}) {
            if (!n.hasNonNull(field)) {
                throw new IOException(file + ": missing field '" + field + "'");
            }
        }
        List<String> labels = new ArrayList<>();
        n.get("labels").forEach(l -> labels.add(l.asText()));
        List<Integer> widths = new ArrayList<>();
        n.get("widths").forEach(w -> widths.add(w.asInt()));
        return new ClassifierConfig(n.get("name").asText(), labels, n.get("resolution").asInt(), widths,
                n.get("hidden").asInt());
    }
}
