package org.actionbench.runner.spec;

import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.actionbench.engine.blocks.Attention;
import org.actionbench.engine.device.ComputeDevice;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.pipeline.StableDiffusion;

/**
 * Where and in what precision a run computes (run spec keys {@code device} and {@code precision}, SPEC.md).
 * {@code fp16} is mixed precision on a GPU: each cell's frozen components compute in float16, the ones its
 * method trains stay float32 ({@link #precisionsFor}). A CPU run is float32 only, and a spec asking for fp16 there
 * is refused rather than silently run in fp32.
 *
 * @param attentionScoreChunkMb the most MiB one query chunk of attention scores takes when no gradient flows
 *     (spec key {@code attentionScoreChunkMb}; engine {@code Attention}): what bounds sampling's largest transient
 */
public record ComputeSpec(ComputeDevice device, String precision, int attentionScoreChunkMb) {
    public static final String FP32 = "fp32";
    public static final String FP16 = "fp16";
    public static final ComputeSpec DEFAULT = new ComputeSpec(ComputeDevice.CPU, FP32);

    public ComputeSpec {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(precision, "precision");
        if (attentionScoreChunkMb < 1) {
            throw new IllegalArgumentException("attentionScoreChunkMb must be at least 1, is " + attentionScoreChunkMb);
        }
    }

    /** On {@code device} in {@code precision}, with the engine's default attention chunks. */
    public ComputeSpec(ComputeDevice device, String precision) {
        this(device, precision, Attention.DEFAULT_SCORE_CHUNK_MB);
    }

    /** The dtype of each of {@code model}'s components for a cell whose method trains {@code trained}. */
    public Map<ModelComponent, DataType> precisionsFor(StableDiffusion model, Set<ModelComponent> trained) {
        return precision.equals(FP16) ? model.halfExcept(trained) : model.fullPrecision();
    }

    /** This spec on another device ({@code --device}); refused when its precision cannot run there. */
    public ComputeSpec withDevice(ComputeDevice d) {
        String why = precisionProblem(d, precision);
        if (why != null) {
            throw new IllegalArgumentException("precision " + precision + " on " + d + ": " + why);
        }
        return new ComputeSpec(d, precision, attentionScoreChunkMb);
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
            return "fp16 needs a CUDA device: libtorch's CPU runs half precision far slower than fp32, and a CPU run"
                    + " is meant to reproduce the published fp32 results, so it stays fp32";
        }
        return null;
    }
}
