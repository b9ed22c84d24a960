package org.actionbench.runner.spec;

import java.util.Objects;
import org.actionbench.engine.device.ComputeDevice;

/**
 * Where and in what precision a run computes (run spec keys {@code device} and {@code precision}, SPEC.md).
 * Only {@code fp32} runs today: half-precision frozen parts are not built yet, and a spec asking for them is
 * refused rather than silently run in fp32.
 */
public record ComputeSpec(ComputeDevice device, String precision) {
    public static final String FP32 = "fp32";
    public static final String FP16 = "fp16";
    public static final ComputeSpec DEFAULT = new ComputeSpec(ComputeDevice.CPU, FP32);

    public ComputeSpec {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(precision, "precision");
    }

    /** This spec on another device ({@code --device}); refused when its precision cannot run there. */
    public ComputeSpec withDevice(ComputeDevice d) {
        String why = precisionProblem(d, precision);
        if (why != null) {
            throw new IllegalArgumentException("precision " + precision + " on " + d + ": " + why);
        }
        return new ComputeSpec(d, precision);
    }

    /** Why {@code precision} cannot run on {@code device}, or null when it can. */
    static String precisionProblem(ComputeDevice device, String precision) {
        if (precision.equals(FP32)) {
            return null;
        }
        if (!precision.equals(FP16)) {
            return "expected fp32 or fp16, found \"" + precision + "\"";
        }
        if (!device.isGpu()) {
            return "fp16 needs a CUDA device: libtorch's CPU kernels for half precision are slow or missing (matmul,"
                    + " group norm), so a CPU run stays fp32";
        }
        return "fp16 (frozen parts in half precision) is not built yet; use fp32 on the GPU";
    }
}
