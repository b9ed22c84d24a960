package org.actionbench.engine.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ComputeDeviceTest {

    @Test
    void theThreeSpellingsParse() {
        assertEquals(ComputeDevice.CPU, ComputeDevice.parse("cpu"));
        assertEquals(new ComputeDevice("cuda:0", 0), ComputeDevice.parse("cuda"));
        assertEquals(new ComputeDevice("cuda:0", 0), ComputeDevice.parse(" CUDA:0 "));
        assertEquals(new ComputeDevice("cuda:3", 3), ComputeDevice.parse("cuda:3"));
        assertFalse(ComputeDevice.CPU.isGpu());
        assertTrue(ComputeDevice.parse("cuda:3").isGpu());
    }

    @Test
    void anythingElseIsRefusedWithTheAcceptedSpellings() {
        for (String bad : new String[] {"gpu", "cuda:", "cuda:-1", "cuda:x", "mps", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputeDevice.parse(bad));
            assertEquals("'" + bad + "' is not a device: expected cpu, cuda or cuda:N", e.getMessage());
        }
    }

    @Test
    void cpuResolvesAndAGpuThisLibtorchCannotSeeIsRefusedNotReplaced() {
        assertEquals(Device.cpu(), ComputeDevice.CPU.resolve());
        NativeLibrary lib = NativeLibrary.loaded();
        ComputeDevice beyond = ComputeDevice.parse("cuda:" + lib.gpuCount());
        IllegalStateException e = assertThrows(IllegalStateException.class, beyond::resolve);
        assertTrue(e.getMessage().startsWith("device " + beyond + " asked for, but the loaded libtorch ("
                + lib.version() + " " + lib.flavor() + ", " + lib.directory() + ") sees " + lib.gpuCount()),
                e.getMessage());
        assertTrue(e.getMessage().contains("refusing to run on the CPU instead"), e.getMessage());
    }

    @Test
    void theFlavorComesFromPytorchFlavorElseFromDjlsCacheDirectoryName() {
        assertEquals("cu124", NativeLibrary.flavor("cu124", Path.of("/opt/libtorch/lib")));
        assertEquals("cpu", NativeLibrary.flavor(null, Path.of("/c/pytorch/2.7.1-20250812-cpu-linux-x86_64")));
        assertEquals("cu128", NativeLibrary.flavor("", Path.of("/c/pytorch/2.7.1-cu128-linux-x86_64")));
        assertEquals("cpu", NativeLibrary.flavor(null, Path.of("/c/pytorch/1.9.1-cpu-precxx11-linux-x86_64")));
        assertEquals("unknown", NativeLibrary.flavor(null, Path.of("/opt/libtorch/lib")));
    }

    @Test
    void theLoadedLibraryIsDescribedInOneLine() {
        NativeLibrary lib = new NativeLibrary("2.5.1", "cu124", Path.of("/opt/lt/lib"), 1);
        assertEquals("libtorch 2.5.1 cu124 /opt/lt/lib (1 GPU)", lib.describe());
    }
}
