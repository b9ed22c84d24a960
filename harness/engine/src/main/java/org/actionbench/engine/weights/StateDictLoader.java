package org.actionbench.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.nn.Module;
import org.actionbench.engine.nn.Parameter;

/**
 * Loads safetensors checkpoints into a {@link Module}, strictly: every parameter must be found exactly once
 * with exactly its shape, and every key of the files must be a parameter, unless the {@link KeyMapping}
 * renames or ignores it, and all files must spell their keys in one layout (the model's own or one of the
 * mapping's {@link KeyMapping.Layout}s). All problems are collected first and reported together; nothing is
 * loaded when there is any. F16 and BF16 files load into the float32 model. Values are copied into
 * {@code manager}, so the files are closed before this returns and the parameters stay valid.
 */
public final class StateDictLoader {
    private StateDictLoader() {
    }

    /** Loads with the module's own mapping when it is a {@link KeyMappingProvider}, none otherwise. */
    public static void load(Module module, NDManager manager, Path... files) throws IOException {
        load(module, manager, mappingOf(module), List.of(files));
    }

    /** Loads with the module's own mapping when it is a {@link KeyMappingProvider}, none otherwise. */
    public static void load(Module module, NDManager manager, List<Path> files) throws IOException {
        load(module, manager, mappingOf(module), files);
    }

    public static void load(Module module, NDManager manager, KeyMapping mapping, List<Path> files)
            throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no checkpoint files given for " + describe(module));
        }
        List<SafetensorsFile> open = new ArrayList<>();
        try {
            for (Path f : files) {
                open.add(SafetensorsFile.open(f));
            }
            Map<String, Source> sources = match(module, mapping, open, files);
            for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
                Source s = sources.get(e.getKey());
                NDArray value = s.file().toNDArray(manager, s.fileKey());
                try {
                    e.getValue().set(value);
                } catch (RuntimeException ex) {
                    value.close();
                    throw ex;
                }
            }
        } finally {
            for (SafetensorsFile f : open) {
                f.close();
            }
        }
    }

    /** The problems {@link #load} would report, from the headers alone; empty when the files fit. */
    public static List<String> check(Module module, KeyMapping mapping, List<Path> files) throws IOException {
        List<SafetensorsFile> open = new ArrayList<>();
        try {
            for (Path f : files) {
                open.add(SafetensorsFile.open(f));
            }
            match(module, mapping, open, files);
            return List.of();
        } catch (StateDictMismatchException e) {
            return e.problems();
        } finally {
            for (SafetensorsFile f : open) {
                f.close();
            }
        }
    }

    private record Source(SafetensorsFile file, String fileKey) {
    }

    private static Map<String, Source> match(Module module, KeyMapping mapping, List<SafetensorsFile> files,
            List<Path> paths) throws StateDictMismatchException {
        Map<String, Parameter> expected = module.namedParameters();
        Map<String, Source> found = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        // The first key read in each layout ("" is the model's own), to name one of each when they are mixed.
        Map<String, String> firstKeyByLayout = new LinkedHashMap<>();
        for (SafetensorsFile file : files) {
            for (TensorInfo t : file.tensors()) {
                String fileKey = t.name();
                if (mapping.isIgnored(fileKey)) {
                    continue;
                }
                KeyMapping.Reading reading = mapping.read(fileKey);
                String key = reading.modelKey();
                String shown = key.equals(fileKey) ? "'" + key + "'" : "'" + fileKey + "' (read as '" + key + "')";
                Parameter p = expected.get(key);
                if (p == null) {
                    problems.add("unexpected key " + shown + " in " + file.path());
                    continue;
                }
                // Only keys that name a parameter tell the layout; an unknown key is reported on its own.
                firstKeyByLayout.putIfAbsent(reading.layout().map(KeyMapping.Layout::name).orElse(""),
                        "'" + fileKey + "' in " + file.path());
                Source previous = found.get(key);
                if (previous != null) {
                    problems.add("key " + shown + " in " + file.path() + " duplicates '" + previous.fileKey()
                            + "' in " + previous.file().path());
                    continue;
                }
                found.put(key, new Source(file, fileKey));
                long[] want = p.shape().getShape();
                if (!Arrays.equals(t.shape(), want)) {
                    problems.add("key " + shown + " in " + file.path() + " has shape " + Arrays.toString(t.shape())
                            + ", the model expects " + Arrays.toString(want));
                }
                if (!t.dtype().isFloatingPoint()) {
                    problems.add("key " + shown + " in " + file.path() + " is " + t.dtype()
                            + ", parameters need F32, F16 or BF16");
                }
            }
        }
        if (firstKeyByLayout.size() > 1) {
            List<String> spellings = new ArrayList<>();
            firstKeyByLayout.forEach((layout, key) -> spellings.add(
                    key + (layout.isEmpty() ? " is in the model's own layout" : " is in " + layout)));
            problems.add(0, "keys of different layouts in one checkpoint: " + String.join("; ", spellings)
                    + " (a checkpoint must use one)");
        }
        for (Map.Entry<String, Parameter> e : expected.entrySet()) {
            if (!found.containsKey(e.getKey())) {
                problems.add("missing key '" + e.getKey() + "' (shape " + Arrays.toString(e.getValue().shape().getShape())
                        + ") in " + (paths.size() == 1 ? paths.get(0) : "all of " + paths));
            }
        }
        if (!problems.isEmpty()) {
            throw new StateDictMismatchException("checkpoint " + (paths.size() == 1 ? paths.get(0) : paths)
                    + " does not match " + describe(module), problems);
        }
        return found;
    }

    private static KeyMapping mappingOf(Module module) {
        return module instanceof KeyMappingProvider p ? p.keyMapping() : KeyMapping.none();
    }

    private static String describe(Module module) {
        return module.getClass().getSimpleName() + " (" + module.namedParameters().size() + " parameters)";
    }
}
