package org.actionbench.engine.train;

import org.actionbench.engine.nn.Seeds;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.actionbench.engine.weights.DType;
import org.actionbench.engine.weights.SafetensorsFile;
import org.actionbench.engine.weights.SafetensorsWriter;
import org.actionbench.engine.weights.TensorInfo;

/**
 * A resumable training state in one safetensors file, written atomically: the trainable tensors
 * ({@code param/<name>}), AdamW's moments ({@code adam_m/<name>}, {@code adam_v/<name>}), all float32,
 * and in the metadata the training step index ({@code step}), AdamW's step count ({@code adam_t}), its
 * hyper-parameters ({@code adam_lr}, {@code adam_beta1}, {@code adam_beta2}, {@code adam_eps},
 * {@code adam_weight_decay}) and the caller's own entries. State that must travel with the weights (an
 * {@link ExponentialMovingAverage}'s averages) is stored as {@code extra/<name>}. Doubles are written with
 * {@link Double#toString}, which reads back to the same bits.
 *
 * <p>Restoring into fresh objects reproduces the saved state bit for bit, so with {@link Seeds} drawing
 * each step's randomness from (seed, purpose, step) a resumed run continues exactly as the uninterrupted
 * one would have. A file that does not fit the run (a tensor missing, extra, of another shape or dtype,
 * β/eps/decay that differ) is refused before anything is changed, with one message naming the file and
 * every offending key. The learning rate is recorded but not checked: a schedule may change it.
 *
 * @param step the training step index to resume from (steps already done)
 * @param metadata the caller's own entries (run id, method, config hash…), without the reserved keys
 */
public record TrainingCheckpoint(long step, Map<String, String> metadata) {

    public static final String FORMAT = "actionbench-train-checkpoint/1";
    public static final String PARAM_PREFIX = "param/";
    public static final String FIRST_MOMENT_PREFIX = "adam_m/";
    public static final String SECOND_MOMENT_PREFIX = "adam_v/";
    public static final String EXTRA_PREFIX = "extra/";
    private static final Set<String> RESERVED = Set.of("format", "step", "adam_t", "adam_lr", "adam_beta1",
            "adam_beta2", "adam_eps", "adam_weight_decay");
    private static final NDIndex ALL = new NDIndex("...");

    public TrainingCheckpoint {
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint step must be >= 0, got " + step);
        }
        for (String key : metadata.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("checkpoint metadata key '" + key + "' is reserved for the "
                        + "training state (reserved: " + RESERVED + ")");
            }
        }
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Writes this step, the optimizer's tensors and state to {@code file} (temporary file + rename). */
    public void save(Path file, AdamW optimizer) throws IOException {
        save(file, optimizer, Map.of());
    }

    /** As {@link #save(Path, AdamW)}, with {@code extra} float32 tensors stored under {@code extra/<name>}. */
    public void save(Path file, AdamW optimizer, Map<String, NDArray> extra) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        AdamWConfig c = optimizer.config();
        meta.put("format", FORMAT);
        meta.put("step", Long.toString(step));
        meta.put("adam_t", Long.toString(optimizer.stepCount()));
        meta.put("adam_lr", Double.toString(c.learningRate()));
        meta.put("adam_beta1", Double.toString(c.beta1()));
        meta.put("adam_beta2", Double.toString(c.beta2()));
        meta.put("adam_eps", Double.toString(c.eps()));
        meta.put("adam_weight_decay", Double.toString(c.weightDecay()));
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : optimizer.parameters().entrySet()) {
            String name = e.getKey();
            tensors.put(PARAM_PREFIX + name, e.getValue());
            tensors.put(FIRST_MOMENT_PREFIX + name, optimizer.firstMoment(name));
            tensors.put(SECOND_MOMENT_PREFIX + name, optimizer.secondMoment(name));
        }
        for (Map.Entry<String, NDArray> e : extra.entrySet()) {
            tensors.put(EXTRA_PREFIX + e.getKey(), e.getValue());
        }
        SafetensorsWriter.write(file, meta, tensors, DType.F32);
    }

    /**
     * Loads {@code file} into {@code optimizer}: its trainable tensors (in place), moments and step count.
     * Returns the training step and the caller's metadata. On any mismatch nothing is changed.
     */
    public static TrainingCheckpoint restore(Path file, AdamW optimizer) throws IOException {
        return restore(file, optimizer, Map.of());
    }

    /**
     * As {@link #restore(Path, AdamW)}, also writing {@code extra/<name>} into each array of {@code extra}
     * (which the file must hold, in the array's shape, and nothing else besides the optimizer's state).
     */
    public static TrainingCheckpoint restore(Path file, AdamW optimizer, Map<String, NDArray> extra)
            throws IOException {
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            Map<String, String> meta = in.metadata();
            List<String> problems = new ArrayList<>();
            long step = readLong(meta, "step", problems);
            long adamT = readLong(meta, "adam_t", problems);
            if (!FORMAT.equals(meta.get("format"))) {
                problems.add("metadata 'format' is " + quoted(meta.get("format")) + ", expected '" + FORMAT + "'");
            }
            AdamWConfig c = optimizer.config();
            checkHyper(meta, "adam_beta1", c.beta1(), problems);
            checkHyper(meta, "adam_beta2", c.beta2(), problems);
            checkHyper(meta, "adam_eps", c.eps(), problems);
            checkHyper(meta, "adam_weight_decay", c.weightDecay(), problems);

            Map<String, Shape> expected = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : optimizer.parameters().entrySet()) {
                for (String prefix : List.of(PARAM_PREFIX, FIRST_MOMENT_PREFIX, SECOND_MOMENT_PREFIX)) {
                    expected.put(prefix + e.getKey(), e.getValue().getShape());
                }
            }
            for (Map.Entry<String, NDArray> e : extra.entrySet()) {
                expected.put(EXTRA_PREFIX + e.getKey(), e.getValue().getShape());
            }
            for (Map.Entry<String, Shape> e : expected.entrySet()) {
                Optional<TensorInfo> t = in.tensor(e.getKey());
                if (t.isEmpty()) {
                    problems.add("tensor '" + e.getKey() + "' is missing");
                } else if (t.get().dtype() != DType.F32) {
                    problems.add("tensor '" + e.getKey() + "' is " + t.get().dtype() + ", expected F32");
                } else if (!Arrays.equals(t.get().shape(), e.getValue().getShape())) {
                    problems.add("tensor '" + e.getKey() + "' has shape " + new Shape(t.get().shape())
                            + ", expected " + e.getValue());
                }
            }
            for (TensorInfo t : in.tensors()) {
                if (!expected.containsKey(t.name())) {
                    problems.add("tensor '" + t.name() + "' is not part of this run's training state");
                }
            }
            if (!problems.isEmpty()) {
                throw new IOException("checkpoint " + file + " does not match this training run: "
                        + String.join("; ", problems));
            }

            NDManager home = optimizer.parameters().values().iterator().next().getManager();
            try (NDManager staging = home.newSubManager()) {
                Map<String, NDArray> m = new LinkedHashMap<>();
                Map<String, NDArray> v = new LinkedHashMap<>();
                for (String name : optimizer.parameters().keySet()) {
                    m.put(name, in.toNDArray(staging, FIRST_MOMENT_PREFIX + name));
                    v.put(name, in.toNDArray(staging, SECOND_MOMENT_PREFIX + name));
                }
                for (Map.Entry<String, NDArray> e : optimizer.parameters().entrySet()) {
                    NDArray value = in.toNDArray(staging, PARAM_PREFIX + e.getKey());
                    // Through a detached alias: an in-place write on an autograd leaf is not allowed.
                    NDArray alias = e.getValue().stopGradient();
                    alias.attach(staging);
                    alias.set(ALL, value);
                }
                for (Map.Entry<String, NDArray> e : extra.entrySet()) {
                    NDArray alias = e.getValue().stopGradient();
                    alias.attach(staging);
                    alias.set(ALL, in.toNDArray(staging, EXTRA_PREFIX + e.getKey()));
                }
                optimizer.restore(adamT, m, v);
            }
            Map<String, String> own = new LinkedHashMap<>(meta);
            own.keySet().removeAll(RESERVED);
            return new TrainingCheckpoint(step, own);
        }
    }

    private static long readLong(Map<String, String> meta, String key, List<String> problems) {
        String s = meta.get(key);
        try {
            long value = Long.parseLong(s == null ? "" : s);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("metadata '" + key + "' is " + quoted(s) + ", expected a non-negative integer");
        return 0;
    }

    private static void checkHyper(Map<String, String> meta, String key, double expected, List<String> problems) {
        String s = meta.get(key);
        try {
            if (s != null && Double.parseDouble(s) == expected) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("metadata '" + key + "' is " + quoted(s) + ", this run has " + expected);
    }

    private static String quoted(String s) {
        return s == null ? "missing" : "'" + s + "'";
    }
}
