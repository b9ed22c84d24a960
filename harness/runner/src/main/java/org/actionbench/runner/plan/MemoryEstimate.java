package org.actionbench.runner.plan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.actionbench.engine.train.AccumulationPasses;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.runner.spec.ComputeSpec;

/**
 * The estimated peak memory of every cell of a plan ({@code run SPEC --plan}), from the model's configs
 * ({@link ModelShapes}), each method entry's resolved settings and the spec's device, precision, sampler and
 * attention chunk budget: the peak of training and the peak of sampling, each as a sum of named parts.
 *
 * <p>Training: the weights (2 bytes per value for the frozen components in fp16, else 4); per trained parameter
 * 24 bytes (the trained copy, autograd's gradient, the step's copy of it, its clipped copy, AdamW's two moments);
 * the activations
 * one pass keeps for the backward pass, for all the images it holds (and the text encoder's, once per prompt
 * and layer, when a gradient flows back to a learned token); and the largest transient, an attention's scores
 * and their gradient (full T × S per head: with a gradient the engine does not chunk). Sampling: the weights
 * and the larger of one guided UNet evaluation (batch 2 × {@code sampler.batch}) and the VAE decode of a batch.
 * Not counted: the CUDA context and allocator slack (about half a GiB and more on a GPU), the JVM, ControlNet's
 * residuals, the latents and images themselves.
 */
public record MemoryEstimate(List<CellMemory> cells) {
    private static final double GIB = 1L << 30;
    /**
     * The trained copy, autograd's gradient, the copy {@code Gradients.compute} returns, the clipped copy of it
     * (DreamBooth, Custom Diffusion), AdamW's m and v.
     */
    static final int BYTES_PER_TRAINED_PARAMETER = 6 * Float.BYTES;

    public MemoryEstimate {
        cells = List.copyOf(cells);
    }

    /** A named amount of memory. */
    public record Part(String name, long bytes) {
    }

    /** A peak as the sum of its parts. */
    public record Peak(List<Part> parts) {
        public Peak {
            parts = List.copyOf(parts);
        }

        public long bytes() {
            return parts.stream().mapToLong(Part::bytes).sum();
        }
    }

    /** One cell's training peak (null for a method that does not train) and sampling peak. */
    public record CellMemory(PlannedCell cell, Peak training, Peak sampling) {
        public long peakBytes() {
            return Math.max(training == null ? 0 : training.bytes(), sampling.bytes());
        }
    }

    /** Every cell of {@code plan}. */
    public static MemoryEstimate of(RunPlan plan, ModelShapes shapes, ComputeSpec compute) {
        int latentH = plan.sampler().height() / shapes.latentScale();
        int latentW = plan.sampler().width() / shapes.latentScale();
        long chunkFloats = (long) compute.attentionScoreChunkMb() * (1L << 20) / Float.BYTES;
        Map<PlannedMethod<?>, Peak> training = new LinkedHashMap<>();
        List<CellMemory> out = new ArrayList<>();
        for (PlannedCell c : plan.cells()) {
            // A cell samples with the dtypes it trained with (CellRunner), so one weights list serves both.
            List<Part> weights = weights(shapes, compute, c.method().trainedComponents());
            Peak train = training.computeIfAbsent(c.method(), m -> training(m, shapes, weights, latentH, latentW));
            int batch = Math.max(1, Math.min(plan.source().spec().sampler().batch(), c.images().size()));
            out.add(new CellMemory(c, train, sampling(shapes, weights, latentH, latentW, batch, chunkFloats)));
        }
        return new MemoryEstimate(out);
    }

    /**
     * Each component's weights in the dtype a cell holds them in: float32, except under fp16 the components the
     * method does not train (ModelComponent.halfExcept).
     */
    static List<Part> weights(ModelShapes shapes, ComputeSpec compute, Set<ModelComponent> trained) {
        boolean half = compute.precision().equals(ComputeSpec.FP16);
        List<Part> out = new ArrayList<>();
        shapes.parameters().forEach((component, count) -> {
            boolean full = !half || trained.stream().anyMatch(t -> t.id().equals(component));
            out.add(new Part("weights " + component + (full ? " fp32" : " fp16"), count * (full ? Float.BYTES : 2)));
        });
        return out;
    }

    /** What one training pass of a method holds, or null for a method that does not train. */
    record TrainingPass(int images, long trainedParameters, boolean throughTextEncoder, int promptsPerImage) {
    }

    /**
     * How each method's training pass is built (its code in {@code baselines/}): the images one forward pass holds
     * (batch, prior images, micro-batches computed together, ADI's triple), the parameters it trains, and whether
     * the gradient goes back through the text encoder to a learned token (once per cross-attention layer for the
     * per-layer tokens of P+ and ADI). ADI's one-shot DreamBooth, when it generates its action-different images,
     * is a DreamBooth of one image; its peak counts when larger.
     */
    static List<TrainingPass> passes(PlannedMethod<?> method, ModelShapes shapes, int latentH, int latentW) {
        Map<String, Object> s = method.recordedSettings();
        long token = shapes.tokenWidth();
        int layers = shapes.crossAttentionLayers();
        long unet = shapes.parameters().getOrDefault("unet", 0L);
        int prior = Boolean.TRUE.equals(s.get("priorPreservation")) ? 2 : 1;
        return switch (method.id()) {
            case "dreambooth" -> List.of(new TrainingPass(integer(s, "batchSize") * prior, unet, false, 0));
            case "custom-diffusion" -> List.of(new TrainingPass(integer(s, "batchSize") * prior,
                    shapes.crossAttentionKeyValueParameters() + token, true, 1));
            case "textual-inversion", "reversion" -> {
                int batch = integer(s, "batchSize");
                int perPass = AccumulationPasses.microBatchesPerPass(integer(s, "gradientAccumulation"), batch,
                        (long) latentH * latentW, AccumulationPasses.budget());
                yield List.of(new TrainingPass(batch * perPass, token, true, 1));
            }
            case "p-plus" -> List.of(new TrainingPass(integer(s, "batchSize"), layers * token, true, layers));
            case "adi" -> {
                List<TrainingPass> p = new ArrayList<>();
                p.add(new TrainingPass("none".equals(s.get("masks")) ? 1 : 3, layers * token, true, layers));
                if ("generate".equals(s.get("actionDifferentSource"))) {
                    p.add(new TrainingPass(1, unet, false, 0));
                }
                yield p;
            }
            default -> List.of();
        };
    }

    private static Peak training(PlannedMethod<?> method, ModelShapes shapes, List<Part> weights, int latentH,
            int latentW) {
        Peak largest = null;
        for (TrainingPass pass : passes(method, shapes, latentH, latentW)) {
            List<Part> parts = new ArrayList<>(weights);
            parts.add(new Part("trained " + pass.trainedParameters() + " parameters (copy, gradient, its copy, clipped"
                    + " copy, AdamW m and v)", pass.trainedParameters() * BYTES_PER_TRAINED_PARAMETER));
            long saved = pass.images() * shapes.unetSavedFloats(latentH, latentW);
            String what = "activations for backward: UNet " + pass.images() + " image(s) of " + latentH + "x" + latentW
                    + " latents";
            if (pass.throughTextEncoder()) {
                long prompts = (long) pass.images() * pass.promptsPerImage();
                saved += prompts * shapes.textEncoderSavedFloats();
                what += ", text encoder " + prompts + " prompt(s)";
            }
            parts.add(new Part(what, saved * Float.BYTES));
            parts.add(new Part("largest transient: attention scores and their gradient, full T x S per head",
                    2L * pass.images() * shapes.unetLargestSavedFloats(latentH, latentW) * Float.BYTES));
            Peak peak = new Peak(parts);
            if (largest == null || peak.bytes() > largest.bytes()) {
                largest = peak;
            }
        }
        return largest;
    }

    private static Peak sampling(ModelShapes shapes, List<Part> weights, int latentH, int latentW, int batch,
            long chunkFloats) {
        List<Part> parts = new ArrayList<>(weights);
        long unet = shapes.unetSamplingPeakFloats(latentH, latentW, 2L * batch, chunkFloats);
        long vae = shapes.vaeDecodePeakFloats(latentH, latentW, batch, chunkFloats);
        String unetPart = "guided UNet evaluation, batch " + 2 * batch;
        String vaePart = "VAE decode, batch " + batch;
        // they follow each other: the larger counts, the other is named so the printout shows both
        parts.add(unet >= vae
                ? new Part(unetPart + " (over " + vaePart + " " + gib(vae * Float.BYTES) + ")", unet * Float.BYTES)
                : new Part(vaePart + " (over " + unetPart + " " + gib(unet * Float.BYTES) + ")", vae * Float.BYTES));
        return new Peak(parts);
    }

    private static int integer(Map<String, Object> settings, String key) {
        if (settings.get(key) instanceof Integer value) {
            return value;
        }
        throw new IllegalStateException("setting " + key + " is not a whole number: " + settings.get(key));
    }

    /** The largest peak of any cell, training or sampling. */
    public CellMemory largest() {
        return cells.stream().max(java.util.Comparator.comparingLong(CellMemory::peakBytes)).orElseThrow();
    }

    /**
     * One line per cell ({@code memory cell <index> <method> <action> train <GiB> sample <GiB> GiB}), one per method
     * entry with the parts of its peaks, and the largest; with {@code gpuBytes} (a card's memory, or null) whether
     * each fits.
     */
    public void print(PrintStream out, Long gpuBytes) {
        Map<String, CellMemory> firstOfMethod = new LinkedHashMap<>();
        for (CellMemory m : cells) {
            firstOfMethod.putIfAbsent(m.cell().cell().method(), m);
            out.println("memory cell " + m.cell().index() + " " + m.cell().cell().method() + " " + m.cell().cell().action()
                    + " train " + (m.training() == null ? "-" : gib(m.training().bytes())) + " sample "
                    + gib(m.sampling().bytes()) + " GiB" + fits(m.peakBytes(), gpuBytes));
        }
        firstOfMethod.forEach((name, m) -> {
            if (m.training() != null) {
                out.println("memory " + name + " train " + gib(m.training().bytes()) + " GiB = " + parts(m.training()));
            }
            out.println("memory " + name + " sample " + gib(m.sampling().bytes()) + " GiB = " + parts(m.sampling()));
        });
        CellMemory top = largest();
        out.println("memory max " + gib(top.peakBytes()) + " GiB (cell " + top.cell().index() + " "
                + top.cell().label() + ")" + fits(top.peakBytes(), gpuBytes));
    }

    private static String fits(long bytes, Long gpuBytes) {
        if (gpuBytes == null) {
            return "";
        }
        return (bytes <= gpuBytes ? "; fits " : "; does not fit ") + gib(gpuBytes) + " GiB";
    }

    private static String parts(Peak p) {
        StringBuilder s = new StringBuilder();
        for (Part part : p.parts()) {
            s.append(s.length() == 0 ? "" : " + ").append(part.name()).append(' ').append(gib(part.bytes()));
        }
        return s.toString();
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / GIB);
    }
}
