package org.actionbench.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.mini.world.CastMember;
import org.actionbench.mini.world.MiniBench;
import org.actionbench.mini.world.MiniRenderer;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.mini.world.SceneKind;
import org.actionbench.data.run.CellState;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.RunManifest;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplerSettings;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.mini.world.Cast;

/**
 * Writes realistic run directories for tests, as the runner will (ARCHITECTURE.md §2): an ActionBench-Mini bench,
 * then {@code cells/<method>/<action>/samples/<subject>/<k>.png} rendered by the Mini renderer, each PNG
 * carrying a tEXt chunk with its method and prompt (as image libraries write them), samples.jsonl and
 * run.json with {@code spec.bench}.
 */
public final class RunFixture {
    /** Method ids of the fixtures; "zqsecretmethod" can appear nowhere by accident. */
    public static final List<String> METHODS = List.of("adi", "dreambooth", "zqsecretmethod");
    public static final int RESOLUTION = 32;
    private static Path bench;

    private RunFixture() {
    }

    /** The ActionBench-Mini bench at 32 px, written once per JVM. */
    public static synchronized Path bench() {
        if (bench == null) {
            try {
                Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-");
                Files.delete(dir);
                MiniBench.write(dir, 7, RESOLUTION);
                bench = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bench;
    }

    public static Path newRunDir() {
        try {
            Files.createDirectories(Path.of("target", "runs"));
            return Files.createTempDirectory(Path.of("target", "runs").toAbsolutePath(), "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run over {@code methods} x {@code actions} x {@code subjects} x {@code images}, every cell done. */
    public static Path write(Path run, List<String> methods, List<PoseFamily> actions, List<CastMember> subjects,
            int images) {
        for (String m : methods) {
            for (PoseFamily a : actions) {
                addCell(run, m, a, subjects, images);
            }
        }
        writeManifest(run, true);
        return run;
    }

    /** The default small run: 3 methods x 2 actions x 2 subjects x 2 images = 24 images. */
    public static Path small() {
        return write(newRunDir(), METHODS, List.of(PoseFamily.values()[0], PoseFamily.values()[1]),
                List.of(Cast.HUMANS.get(0), Cast.ANIMALS.get(0)), 2);
    }

    /** run.json, with or without {@code spec.bench}; the cell summary lists the cells found on disk. */
    public static void writeManifest(Path run, boolean withBench) {
        writeManifest(run, withBench, List.of());
    }

    /** The same, with {@code spec.methods} listing {@code specMethods} (when not empty) in that order. */
    public static void writeManifest(Path run, boolean withBench, List<String> specMethods) {
        try {
            ObjectNode spec = JsonNodeFactory.instance.objectNode();
            if (withBench) {
                spec.put("bench", bench().toString());
            }
            if (!specMethods.isEmpty()) {
                var list = spec.putArray("methods");
                for (String m : specMethods) {
                    // the spec's two forms: a bare id, or an object with settings
                    if (list.size() % 2 == 0) {
                        list.add(m);
                    } else {
                        list.addObject().put("method", m).putObject("settings");
                    }
                }
            }
            Map<String, Map<String, CellState.Status>> cells = new HashMap<>();
            for (RunLayout.Cell c : new RunLayout(run).cells()) {
                cells.computeIfAbsent(c.method(), k -> new HashMap<>()).put(c.action(),
                        CellState.read(new RunLayout(run).cellState(c)).status());
            }
            Map<String, com.fasterxml.jackson.databind.JsonNode> methodConfigs = new HashMap<>();
            cells.keySet().forEach(m -> methodConfigs.put(m, JsonNodeFactory.instance.objectNode()));
            new RunManifest(RunManifest.FORMAT, Instant.parse("2026-01-01T00:00:00Z"), spec, methodConfigs,
                    Map.of("harness", "test"), Map.of("sampling", 1L), cells)
                    .write(new RunLayout(run).manifest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders one finished cell and records its images; returns the run-relative files. */
    public static List<String> addCell(Path run, String method, PoseFamily action, List<CastMember> subjects,
            int images) {
        RunLayout layout = new RunLayout(run);
        RunLayout.Cell cell = new RunLayout.Cell(method, action.id());
        SamplesJsonl samples = new SamplesJsonl(layout.samplesJsonl());
        List<String> files = new ArrayList<>();
        try {
            Files.createDirectories(layout.cell(cell));
            for (CastMember who : subjects) {
                for (int k = 0; k < images; k++) {
                    long seed = (METHODS.indexOf(method) + 1) * 1_000_003L + action.ordinal() * 1009L
                            + who.id().hashCode() * 31L + k;
                    String prompt = "a photo of " + who.text() + " " + action.words();
                    byte[] png = withText(MiniRenderer.render(who, action, SceneKind.values()[k % SceneKind.values().length],
                            RESOLUTION, seed).png(), "Comment", "method=" + method + "; prompt=" + prompt);
                    String file = RunLayout.sampleFile(cell, who.id(), k);
                    AtomicFiles.write(layout.resolve(file), png);
                    samples.append(new SampleRecord(file, SampleRecord.sha256Of(layout.resolve(file)), method,
                            action.id(), who.id(), who.subject().group(), seed, prompt,
                            new SamplerSettings("ddim", 50, 0, 7.5, RESOLUTION, RESOLUTION)));
                    files.add(file);
                }
            }
            CellState.pending(Instant.now()).done(Instant.now()).write(layout.cellState(cell));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** {@code png} with a tEXt chunk inserted after IHDR. */
    public static byte[] withText(byte[] png, String keyword, String text) {
        return withChunk(png, "tEXt", (keyword + "\0" + text).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code png} with a chunk of {@code type} inserted after IHDR. */
    public static byte[] withChunk(byte[] png, String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        int afterIhdr = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        out.writeBytes(chunk.array());
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    /** The chunk types of a PNG, in order. */
    public static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(8);
        while (in.remaining() >= 12) {
            int length = in.getInt();
            byte[] type = new byte[4];
            in.get(type);
            types.add(new String(type, StandardCharsets.ISO_8859_1));
            in.position(in.position() + length + 4);
        }
        return types;
    }
}
