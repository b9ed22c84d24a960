package org.actionbench.runner.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.bench.Problem;
import org.actionbench.engine.blocks.Attention;
import org.actionbench.engine.device.ComputeDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run spec's {@code device}, {@code precision} and {@code attentionScoreChunkMb} keys. */
class ComputeSpecTest {
    static final String BASE = "bench: b\nmodel: m\noutput: o\nmethods: [stable-diffusion]\n";

    static RunSpec read(Path dir, String extra) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, BASE + extra);
        return RunSpecReader.read(f).spec();
    }

    static List<String> problems(Path dir, String extra) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, BASE + extra);
        SpecException e = assertThrows(SpecException.class, () -> RunSpecReader.read(f));
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void cpuAndFp32AreTheDefaultAndAGpuDeviceIsKeptThroughSpecJson(@TempDir Path dir) throws Exception {
        assertEquals(ComputeSpec.DEFAULT, read(dir, "").compute());
        RunSpec gpu = read(dir, "device: cuda:1\nprecision: fp32\n");
        assertEquals(new ComputeSpec(ComputeDevice.parse("cuda:1"), "fp32"), gpu.compute());
        assertEquals("cuda:1", gpu.toTree().get("device").asText());
        assertEquals(gpu, RunSpecReader.parse(gpu.toTree(), Path.of("spec.json"), dir), "spec.json round trip");
    }

    @Test
    void aBadDeviceOrPrecisionIsAProblemNamingTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        assertEquals(List.of(f + ": device: 'gpu' is not a device: expected cpu, cuda or cuda:N"),
                problems(dir, "device: gpu\n"));
        assertEquals(List.of(f + ": precision: expected fp32 or fp16, found \"bf16\""),
                problems(dir, "device: cuda\nprecision: bf16\n"));
    }

    @Test
    void fp16IsRefusedOnTheCpuSayingWhyAndKeptOnTheGpu(@TempDir Path dir) throws Exception {
        List<String> cpu = problems(dir, "precision: fp16\n");
        assertEquals(1, cpu.size());
        assertTrue(cpu.get(0).contains("precision: fp16 needs a CUDA device: libtorch's CPU runs half precision far"
                + " slower than fp32, and a CPU run is meant to reproduce the published fp32 results"), cpu.get(0));
        RunSpec gpu = read(dir, "device: cuda\nprecision: fp16\n");
        assertEquals(new ComputeSpec(ComputeDevice.parse("cuda"), "fp16"), gpu.compute());
        assertEquals(gpu, RunSpecReader.parse(gpu.toTree(), Path.of("spec.json"), dir), "spec.json round trip");
        IllegalArgumentException toCpu = assertThrows(IllegalArgumentException.class,
                () -> gpu.compute().withDevice(ComputeDevice.CPU));
        assertTrue(toCpu.getMessage().startsWith("precision fp16 on cpu: fp16 needs a CUDA device"), toCpu.getMessage());
    }

    @Test
    void theAttentionChunkBudgetDefaultsToTheEnginesAndTravelsInSpecJson(@TempDir Path dir) throws Exception {
        assertEquals(Attention.DEFAULT_SCORE_CHUNK_MB, read(dir, "").compute().attentionScoreChunkMb());
        RunSpec set = read(dir, "device: cuda\nattentionScoreChunkMb: 64\n");
        assertEquals(new ComputeSpec(ComputeDevice.parse("cuda"), "fp32", 64), set.compute());
        assertEquals(64, set.toTree().get("attentionScoreChunkMb").asInt(), "spec.json, what cells and Slurm tasks read");
        assertEquals(set, RunSpecReader.parse(set.toTree(), Path.of("spec.json"), dir), "spec.json round trip");
        assertEquals(64, set.compute().withDevice(ComputeDevice.CPU).attentionScoreChunkMb(), "--device keeps it");
    }

    @Test
    void aBadAttentionChunkBudgetIsAProblemNamingTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        assertEquals(List.of(f + ": attentionScoreChunkMb: must be at least 1, found 0"),
                problems(dir, "attentionScoreChunkMb: 0\n"));
        assertEquals(List.of(f + ": attentionScoreChunkMb: expected an integer, found a string \"16MB\""),
                problems(dir, "attentionScoreChunkMb: 16MB\n"));
        String before = System.getProperty(Attention.SCORE_CHUNK_MB_PROPERTY);
        try {
            System.setProperty(Attention.SCORE_CHUNK_MB_PROPERTY, "8");
            assertEquals(8, read(dir, "").compute().attentionScoreChunkMb(), "without the key: the property");
            assertEquals(32, read(dir, "attentionScoreChunkMb: 32\n").compute().attentionScoreChunkMb());
            System.setProperty(Attention.SCORE_CHUNK_MB_PROPERTY, "-1");
            List<String> bad = problems(dir, "");
            assertEquals(1, bad.size());
            assertTrue(bad.get(0).startsWith(f + ": attentionScoreChunkMb: not given, and its default -D"
                    + Attention.SCORE_CHUNK_MB_PROPERTY), bad.get(0));
        } finally {
            if (before == null) {
                System.clearProperty(Attention.SCORE_CHUNK_MB_PROPERTY);
            } else {
                System.setProperty(Attention.SCORE_CHUNK_MB_PROPERTY, before);
            }
        }
    }
}
