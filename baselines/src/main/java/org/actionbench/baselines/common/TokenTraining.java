package org.actionbench.baselines.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.pipeline.PromptConditioner;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.text.PromptEncoder;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.unet.Conditioning;

/**
 * What the token-learning methods share for one action: the placeholder word in a private tokenizer, the
 * learned rows — one row [1, d] (Textual Inversion, ReVersion, Custom Diffusion's modifier) or one row per
 * cross-attention layer [L, 1, d] (P+, ADI) — initialised from a word, the exemplars' latents, the training
 * prompts (each exemplar's template with the placeholder in place of the action words), the ε-MSE loss of
 * a batch of exemplars, and the artifact and sampling setup of the learned rows.
 */
public final class TokenTraining implements AutoCloseable {
    /** The artifact tensor holding the learned rows. */
    public static final String ROWS = "rows";
    /** Artifact metadata: the placeholder word as written in prompts. */
    public static final String TOKEN = "placeholder";

    private final StableDiffusion model;
    private final ActionExamples action;
    private final String token;
    private final PromptEncoder encoder;
    private final NDManager manager;
    private final NDArray rows;
    private final ExemplarLatents latents;
    private final DenoisingObjective objective;
    private final double flipProbability;

    /**
     * @param perLayer one row per cross-attention layer of the UNet (P+, ADI) rather than one shared row
     * @param objective the denoising loss (its timestep distribution)
     */
    public TokenTraining(StableDiffusion model, ActionExamples action, String token, String initializerWord,
            boolean perLayer, DenoisingObjective objective, NDManager parent) {
        this(model, action, token, initializerWord, perLayer, objective, 0, parent);
    }

    /**
     * As {@link #TokenTraining(StableDiffusion, ActionExamples, String, String, boolean, DenoisingObjective,
     * NDManager)}, each training image mirrored with probability {@code flipProbability} (Textual Inversion's
     * {@code flip_p}); 0 draws nothing, so it trains exactly as without flips.
     */
    public TokenTraining(StableDiffusion model, ActionExamples action, String token, String initializerWord,
            boolean perLayer, DenoisingObjective objective, double flipProbability, NDManager parent) {
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProbability);
        }
        this.flipProbability = flipProbability;
        this.model = model;
        this.action = action;
        this.token = token;
        this.encoder = PlaceholderTokens.encoderWith(model, token);
        this.manager = parent.newSubManager();
        NDArray row = PlaceholderTokens.initialRow(model, initializerWord, manager);
        this.rows = perLayer ? row.expandDims(0).repeat(0, model.unet().crossAttentionLayers()).duplicate() : row;
        rows.attach(manager);
        rows.setRequiresGradient(true);
        this.latents = new ExemplarLatents(model, images(action), flipProbability > 0, manager);
        this.objective = objective;
    }

    private static List<BufferedImage> images(ActionExamples action) {
        List<BufferedImage> out = new ArrayList<>();
        for (ActionExamples.Exemplar e : action.exemplars()) {
            out.add(e.image());
        }
        return out;
    }

    public String token() {
        return token;
    }

    public PromptEncoder encoder() {
        return encoder;
    }

    /** The trainable rows, [1, d] or [L, 1, d]. */
    public NDArray rows() {
        return rows;
    }

    public boolean perLayer() {
        return rows.getShape().dimension() == 3;
    }

    public ExemplarLatents latents() {
        return latents;
    }

    public DenoisingObjective objective() {
        return objective;
    }

    public Map<String, NDArray> trainable() {
        return Map.of(ROWS, rows);
    }

    /** Every array a step reads besides the rows: the whole frozen model. */
    public List<NDArray> frozen() {
        return model.arrays();
    }

    /**
     * {@code batch} exemplar indices drawn uniformly with replacement from (seed, stream, step): the
     * scripts' shuffled repeated dataset, in a form a resumed run redraws identically.
     */
    public int[] drawExemplars(long seed, long step, String stream, int batch) {
        RandomGenerator r = Seeds.derive(seed, "exemplars/" + stream, step);
        int[] out = new int[batch];
        for (int i = 0; i < batch; i++) {
            out[i] = r.nextInt(action.exemplars().size());
        }
        return out;
    }

    /** The training prompt of each exemplar: its template with the placeholder for the action words. */
    public List<String> prompts(int[] exemplars) {
        List<String> out = new ArrayList<>();
        for (int i : exemplars) {
            out.add(action.exemplars().get(i).prompt(token));
        }
        return out;
    }

    /** The UNet conditioning of {@code prompts} with the current rows (shared, or one context per layer). */
    public Conditioning condition(NDManager m, List<String> prompts) {
        if (perLayer()) {
            return PromptConditioner.perLayer(encoder, rows).condition(m, prompts);
        }
        return Conditioning.shared(encoder.encode(m, prompts, rows));
    }

    /** Clean latents of {@code exemplars}, each mirrored or not, sampled from (seed, stream, step). */
    public NDArray latents(NDManager m, int[] exemplars, long seed, long step, String stream) {
        boolean[] mirrored = flipProbability > 0
                ? HorizontalFlips.draw(flipProbability, exemplars.length, Seeds.derive(seed, "flips/" + stream, step))
                : null;
        return latents.sample(m, exemplars, mirrored, Seeds.derive(seed, "latents/" + stream, step));
    }

    /** ε-MSE of a batch of exemplars with their own prompts, all randomness from (seed, stream, step). */
    public NDArray loss(NDManager m, int[] exemplars, long seed, long step, String stream) {
        return loss(m, List.of(new MicroBatch(exemplars, stream)), seed, step);
    }

    /** A micro-batch of gradient accumulation: its exemplars and the stream its randomness is drawn from. */
    public record MicroBatch(int[] exemplars, String stream) {}

    /**
     * The mean of equal-sized micro-batches' ε-MSEs, computed in one UNet pass: each micro-batch draws its
     * latents, timesteps and noise exactly as it would alone (from its own stream), and the mean over every
     * element of the concatenated batch is the mean of the micro-batches' means.
     */
    public NDArray loss(NDManager m, List<MicroBatch> microBatches, long seed, long step) {
        NDList x0s = new NDList();
        NDList noises = new NDList();
        List<long[]> timesteps = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        int images = microBatches.get(0).exemplars().length;
        for (MicroBatch micro : microBatches) {
            if (micro.exemplars().length != images) {
                throw new IllegalArgumentException("micro-batches of one pass must be equal in size, got "
                        + images + " and " + micro.exemplars().length);
            }
            NDArray x0 = latents(m, micro.exemplars(), seed, step, micro.stream());
            DenoisingObjective.Draw draw = objective.draw(x0, seed, step, micro.stream());
            x0s.add(x0);
            noises.add(draw.noise());
            timesteps.add(draw.timesteps());
            prompts.addAll(prompts(micro.exemplars()));
        }
        if (microBatches.size() == 1) {
            return objective.loss(x0s.get(0), new DenoisingObjective.Draw(timesteps.get(0), noises.get(0)),
                    condition(m, prompts));
        }
        long[] allTimesteps = timesteps.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        DenoisingObjective.Draw all = new DenoisingObjective.Draw(allTimesteps, NDArrays.concat(noises, 0));
        return objective.loss(NDArrays.concat(x0s, 0), all, condition(m, prompts));
    }

    /** The learned rows as an artifact of {@code method} (a copy, owned by {@code into}). */
    public Artifact artifact(String method, NDManager into, Map<String, String> metadata) {
        NDArray copy = rows.stopGradient().duplicate();
        copy.attach(into);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put(ROWS, copy);
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(TOKEN, token);
        return new Artifact(method, tensors, meta);
    }

    /** Prompt conditioning with an artifact's learned rows (shared or per layer, by their shape). */
    public static PromptConditioner conditioner(Artifact artifact, StableDiffusion model) {
        NDArray learned = artifact.tensor(ROWS);
        PromptEncoder encoder = PlaceholderTokens.encoderWith(model, token(artifact));
        return learned.getShape().dimension() == 3 ? PromptConditioner.perLayer(encoder, learned)
                : PromptConditioner.withPlaceholders(encoder, learned);
    }

    public static SamplingSetup sampling(Artifact artifact, StableDiffusion model) {
        return SamplingSetup.conditioning(conditioner(artifact, model));
    }

    /** The placeholder word an artifact was trained with. */
    public static String token(Artifact artifact) {
        String t = artifact.metadata().get(TOKEN);
        if (t == null) {
            throw new IllegalArgumentException("artifact of '" + artifact.method() + "' has no '" + TOKEN
                    + "' metadata");
        }
        return t;
    }

    @Override
    public void close() {
        manager.close();
    }
}
