package org.actionbench.runner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.actionbench.engine.device.ComputeDevice;
import org.junit.jupiter.api.Test;

class SlotDevicesTest {
    private static ComputeDevice d(String s) {
        return ComputeDevice.parse(s);
    }

    @Test
    void aGpuRunGivesEachParallelCellAGpuOfItsOwn() {
        assertEquals(List.of(d("cuda:0"), d("cuda:1"), d("cuda:2")), SlotDevices.assign(d("cuda"), 3));
        assertEquals(List.of(d("cuda:3")), SlotDevices.assign(d("cuda:3"), 1), "one slot keeps the GPU asked for");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlotDevices.assign(d("cuda:2"), 2));
        assertTrue(e.getMessage().contains("--parallel 2 with device cuda:2: parallel cells take one GPU each, cuda:0"
                + " to cuda:1; ask for device cuda and choose the GPUs with CUDA_VISIBLE_DEVICES"), e.getMessage());
    }

    @Test
    void aCpuRunSharesTheCoresAndEveryChildIsToldItsDeviceAndTheCheck() {
        assertEquals(List.of(ComputeDevice.CPU, ComputeDevice.CPU), SlotDevices.assign(ComputeDevice.CPU, 2));
        assertEquals(List.of(List.of("--device", "cuda:0", "--check-devices"),
                List.of("--device", "cuda:1", "--check-devices")),
                SlotDevices.childArguments(List.of(d("cuda:0"), d("cuda:1")), true));
        assertEquals(List.of(List.of("--device", "cpu")), SlotDevices.childArguments(List.of(ComputeDevice.CPU), false));
    }
}
