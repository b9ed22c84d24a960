package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.actionbench.engine.device.NativeLibrary;
import org.actionbench.runner.TinyWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --device on run and slurm, and slurm's GPU request: refusals happen before anything is written. */
class GpuOptionsTest {

    static Path spec(Path dir, String extra) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "bench: b\nmodel: m\noutput: " + dir.resolve("run") + "\nmethods: [stable-diffusion]\n"
                + extra);
        return f;
    }

    @Test
    void runWithACudaDeviceThisLibtorchCannotSeeFailsBeforeTheRunDirectoryExists(@TempDir Path dir) throws Exception {
        int gpus = NativeLibrary.loaded().gpuCount();
        MainTest.Result r = MainTest.run("run", spec(dir, "").toString(), "--device", "cuda:" + gpus);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("device cuda:" + gpus + " asked for, but the loaded libtorch"), r.err());
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void demoWithACudaDeviceThisLibtorchCannotSeeFailsBeforeWritingAnything(@TempDir Path dir) throws Exception {
        int gpus = NativeLibrary.loaded().gpuCount();
        Path out = dir.resolve("demo");
        MainTest.Result r = MainTest.run("demo", "--out", out.toString(), "--no-serve", "--device", "cuda:" + gpus);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("device cuda:" + gpus + " asked for, but the loaded libtorch"), r.err());
        assertFalse(Files.exists(out));
        MainTest.Result bad = MainTest.run("demo", "--out", out.toString(), "--device", "gpu0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--device: 'gpu0' is not a device"), bad.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aBadDeviceOptionIsAUsageError(@TempDir Path dir) throws Exception {
        MainTest.Result r = MainTest.run("run", spec(dir, "").toString(), "--device", "gpu0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--device: 'gpu0' is not a device: expected cpu, cuda or cuda:N"), r.err());
        MainTest.Result cpuHalf = MainTest.run("run", spec(dir, "device: cuda\nprecision: fp16\n").toString(),
                "--device", "cpu");
        assertEquals(2, cpuHalf.code(), "a GPU spec in fp16 moved to the CPU by the option");
        assertTrue(cpuHalf.err().contains("--device: precision fp16 on cpu: fp16 needs a CUDA device"),
                cpuHalf.err());
    }

    @Test
    void slurmRefusesAGpuDeviceWithoutAGpuRequestAndTheReverse(@TempDir Path dir) throws Exception {
        MainTest.Result noGpu = MainTest.run("slurm", spec(dir, "device: cuda\n").toString());
        assertEquals(2, noGpu.code());
        assertTrue(noGpu.err().contains("device cuda:0 needs a GPU per task: add --gpus-per-task 1 or --gres gpu:1"),
                noGpu.err());
        MainTest.Result idle = MainTest.run("slurm", spec(dir, "").toString(), "--gres", "gpu:1");
        assertEquals(2, idle.code());
        assertTrue(idle.err().contains("GPUs asked for but the device is cpu"), idle.err());
        MainTest.Result viaOption = MainTest.run("slurm", spec(dir, "").toString(), "--gpus-per-task", "1");
        assertEquals(2, viaOption.code(), "--device overrides the spec, and nothing else does");
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void parallelCellsOnAGpuRunTakeTheFirstGpusOneEach(@TempDir Path dir) throws Exception {
        MainTest.Result named = MainTest.run("run", spec(dir, "").toString(), "--device", "cuda:1", "--parallel", "2");
        assertEquals(2, named.code(), named.err());
        assertTrue(named.err().contains("parallel cells take one GPU each, cuda:0 to cuda:1"), named.err());
        int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
        MainTest.Result tooFew = MainTest.run("run", spec(dir, "").toString(), "--device", "cuda", "--parallel",
                Integer.toString(gpus + 1));
        assertEquals(1, tooFew.code(), tooFew.err());
        assertTrue(tooFew.err().contains("device cuda:" + gpus + " asked for, but the loaded libtorch"),
                "the last slot's GPU is checked: " + tooFew.err());
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void aResumeMayChangeTheGpuButNotMoveARunBetweenCpuAndGpu(@TempDir Path dir) throws Exception {
        TinyWorld world = TinyWorld.shared();
        Path run = dir.resolve("run");
        Path spec = world.spec(dir.resolve("s.yaml"), run, """
                methods: [stable-diffusion]
                actions: [bow]
                subjects: [panda]
                imagesPerPair: 1
                sampler: {steps: 2}
                """);
        assertEquals(0, MainTest.run("run", spec.toString()).code());
        MainTest.Result gpu = MainTest.run("resume", run.toString(), "--device", "cuda");
        assertEquals(1, gpu.code(), gpu.err());
        assertTrue(gpu.err().contains("device: this run computes on cpu; it cannot continue on cuda:0 (its images"
                + " would mix CPU and GPU arithmetic)"), gpu.err());
        MainTest.Result cpu = MainTest.run("resume", run.toString(), "--device", "cpu", "--check-devices");
        assertEquals(0, cpu.code(), cpu.err());
    }
}
