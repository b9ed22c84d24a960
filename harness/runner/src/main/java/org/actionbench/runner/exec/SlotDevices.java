package org.actionbench.runner.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.actionbench.engine.device.ComputeDevice;

/**
 * The device of each of {@code --parallel N}'s slots: on a GPU run one cell per GPU, {@code cuda:0} to
 * {@code cuda:N-1} (two cells on one card would only fight over its memory); on the CPU every slot shares the
 * cores. A GPU run of one slot keeps the GPU it names.
 */
public final class SlotDevices {
    private SlotDevices() {
    }

    /** The devices of {@code parallel} slots for a run on {@code device}; the message says how to choose GPUs. */
    public static List<ComputeDevice> assign(ComputeDevice device, int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, is " + parallel);
        }
        if (!device.isGpu()) {
            return Collections.nCopies(parallel, device);
        }
        if (parallel == 1) {
            return List.of(device);
        }
        if (device.gpu() != 0) {
            throw new IllegalArgumentException("--parallel " + parallel + " with device " + device + ": parallel cells"
                    + " take one GPU each, cuda:0 to cuda:" + (parallel - 1) + "; ask for device cuda and choose the"
                    + " GPUs with CUDA_VISIBLE_DEVICES");
        }
        return IntStream.range(0, parallel).mapToObj(i -> ComputeDevice.parse("cuda:" + i)).toList();
    }

    /** What each slot's child is told: its device, and the placement check when asked for. */
    public static List<List<String>> childArguments(List<ComputeDevice> devices, boolean checkDevices) {
        List<List<String>> out = new ArrayList<>();
        for (ComputeDevice d : devices) {
            List<String> args = new ArrayList<>(List.of("--device", d.name()));
            if (checkDevices) {
                args.add("--check-devices");
            }
            out.add(List.copyOf(args));
        }
        return out;
    }
}
