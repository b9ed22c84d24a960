package org.actionbench.baselines.adi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.ExemplarLatents;
import org.actionbench.baselines.common.Fingerprint;
import org.actionbench.baselines.common.TokenMethod;
import org.actionbench.baselines.common.TokenTraining;
import org.actionbench.engine.pipeline.ModelComponent;
import org.actionbench.engine.train.TrainingLoop;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.BenchMaterial;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.nn.Seeds;

/**
 * ADI, Action-Disentangled Identifier (Huang et al., CVPR 2024, §4.2): one identifier token per
 * cross-attention layer, trained by the ε-MSE of an anchor exemplar, where at each step and for each
 * layer's token only the channels kept by two gradient masks are updated. The masks come from the gradients
 * of a sample triple, all three under the anchor's prompt: the anchor x^(a,c), another exemplar x^(a,c̄)
 * (same action, other context) and an image x^(ā,c) of the anchor's context doing another action.
 *
 * <p>The three losses share the timestep and the noise, so their gradients differ by the image alone; they
 * are computed in one batched pass ({@link TripleGradients}). How the mask reaches AdamW is the setting
 * {@link MaskedUpdate}: by default Eq. 10's g̃ = m ⊙ g is the gradient of an ordinary AdamW step. With
 * {@code masks: none} ("ADI without masks") the anchor's plain gradient updates every channel.
 */
public final class Adi extends TokenMethod<AdiSettings> {
    public static final String ID = "adi";
    /** Metric: the share of all channels the final mask keeps (1 for "ADI without masks"). */
    public static final String KEPT = "kept";
    /**
     * Metric: |m^c̄ ∧ m^ā| / (all channels), the share of all channels both masks keep: at most 1 − β (each
     * mask keeps exactly that share of every token), (1 − β)² = 16 % at β = 0.6 for independent masks.
     */
    public static final String KEPT_BY_BOTH = "keptByBoth";
    /**
     * Metric: |m^c̄ ∧ m^ā| / |m^c̄|, the share of the context mask's kept channels that the action mask keeps
     * too: 1 − β = 40 % at β = 0.6 for independent masks. The paper's "average overlap rate of channels
     * preserved by both masks at each training step is 30.26 %" (§4.2, "Merging Gradient Masks for Context")
     * does not say which denominator it uses, so both figures are logged. |m^c̄| is the same for every token,
     * so this pooled ratio is also the mean of the per-token ratios.
     */
    public static final String OVERLAP_RATE = "overlapRate";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public AdiSettings defaults() {
        return AdiSettings.DEFAULTS;
    }

    /**
     * The per-layer rows, read through the text encoder; and the UNet when action-different images are generated,
     * each by a one-shot DreamBooth that fine-tunes a copy of it (also while {@code auto} is undecided).
     */
    @Override
    public Set<ModelComponent> trainedComponents(AdiSettings s) {
        boolean mayGenerate = s.actionDifferentSource() == ActionDifferentSource.GENERATE
                || s.actionDifferentSource() == ActionDifferentSource.AUTO;
        return mayGenerate ? Set.of(ModelComponent.TEXT_ENCODER, ModelComponent.UNET)
                : Set.of(ModelComponent.TEXT_ENCODER);
    }

    /** {@code actionDifferentSource: auto} decided by whether the bench has action-different images. */
    @Override
    public AdiSettings resolveFor(BenchMaterial bench, AdiSettings settings) {
        return settings.withSourceFor(bench.actionDifferentImages());
    }

    @Override
    public Artifact train(ActionExamples action, StableDiffusion model, AdiSettings s,
            TrainingContext context) throws IOException {
        int exemplars = action.exemplars().size();
        if (s.needsContextDifferent() && exemplars < 2) {
            throw new IllegalArgumentException("ADI's context-different pairs need at least two exemplars; action '"
                    + action.actionId() + "' has " + exemplars);
        }
        List<List<BufferedImage>> pools = s.needsActionDifferent()
                ? ActionDifferentImages.prepare(action, model, s, context) : null;
        GradientMasks.Options options = s.maskOptions();
        DenoisingObjective objective = new DenoisingObjective(model);
        try (NDManager work = model.manager().newSubManager();
                TokenTraining training = new TokenTraining(model, action, s.placeholderToken(), s.initializerWord(),
                        s.layerWise(), objective, work)) {
            ActionDifferentPool pool = pools == null ? null : new ActionDifferentPool(model, pools, work);
            TrainingLoop.Plan plan = new TrainingLoop.Plan(s.steps(), s.checkpointEvery(),
                    AdamWConfig.defaults(s.learningRate()).withWeightDecay(s.weightDecay()), context.checkpointFile(),
                    Fingerprint.of(ID, s));
            TrainingLoop.run(work, training.trainable(), plan, context.listener(),
                    (step, m) -> step(training, pool, options, s.maskedUpdate(), s.seed(), step, m));
            return training.artifact(ID, model.manager().newSubManager(), Map.of());
        }
    }

    /** One training step: the triple's gradients, the per-layer masks, the masked anchor update. */
    static TrainingLoop.Update step(TokenTraining training, ActionDifferentPool pool, GradientMasks.Options options,
            MaskedUpdate maskedUpdate, long seed, long step, NDManager m) {
        RandomGenerator pick = Seeds.derive(seed, "triple", step);
        int count = training.latents().count();
        int anchor = pick.nextInt(count);
        // Context-different: any other exemplar (§4.2 "randomly sample another image from X").
        int other = count < 2 ? -1 : (anchor + 1 + pick.nextInt(count - 1)) % count;
        String prompt = training.prompts(new int[] {anchor}).get(0);

        NDArray anchorLatents = training.latents(m, new int[] {anchor}, seed, step, "anchor");
        DenoisingObjective.Draw draw = training.objective().draw(anchorLatents, seed, step, "triple");
        List<TripleGradients.LatentSource> images = new ArrayList<>();
        images.add(sm -> copyInto(anchorLatents, sm));
        int contextIndex = -1;
        int actionIndex = -1;
        if (options.needsContextDifferent()) {
            contextIndex = images.size();
            images.add(sm -> training.latents(sm, new int[] {other}, seed, step, "context"));
        }
        if (options.needsActionDifferent()) {
            int image = pool.draw(anchor, pick);
            actionIndex = images.size();
            images.add(sm -> pool.latents(sm, image, Seeds.derive(seed, "latents/action", step)));
        }
        TripleGradients.Result g = TripleGradients.compute(training, m, prompt, draw, images);
        float[] gAnchor = g.values(0);
        float[] gContext = contextIndex < 0 ? null : g.values(contextIndex);
        float[] gAction = actionIndex < 0 ? null : g.values(actionIndex);

        Shape shape = training.rows().getShape();
        int d = (int) shape.get(shape.dimension() - 1);
        int tokens = (int) (shape.size() / d);
        boolean[] keep = new boolean[tokens * d];
        List<GradientMasks.Result> perToken = new ArrayList<>(tokens);
        RandomGenerator random = Seeds.derive(seed, "random-mask", step);
        for (int l = 0; l < tokens; l++) {
            GradientMasks.Result r = GradientMasks.compute(options, slice(gAnchor, l, d),
                    gContext == null ? null : slice(gContext, l, d), gAction == null ? null : slice(gAction, l, d),
                    random);
            System.arraycopy(r.keep(), 0, keep, l * d, d);
            perToken.add(r);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(TrainingLoop.LOSS, (double) g.losses()[0]);
        metrics.putAll(maskMetrics(perToken));
        NDArray mask = options.masks() ? m.create(keep, shape) : null;
        return update(g.gradient(0), mask, maskedUpdate, metrics);
    }

    /**
     * {@value #KEPT} over all tokens' channels and, when both invariance masks were computed,
     * {@value #KEPT_BY_BOTH} and {@value #OVERLAP_RATE}.
     */
    static Map<String, Double> maskMetrics(List<GradientMasks.Result> perToken) {
        long channels = 0;
        long kept = 0;
        long keptByBoth = 0;
        long keptByContextMask = 0;
        boolean overlap = true;
        for (GradientMasks.Result r : perToken) {
            channels += r.keep().length;
            kept += r.kept();
            overlap &= r.keptByBoth() >= 0;
            keptByBoth += r.keptByBoth();
            keptByContextMask += r.keptByContextMask();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(KEPT, kept / (double) channels);
        if (overlap) {
            metrics.put(KEPT_BY_BOTH, keptByBoth / (double) channels);
            metrics.put(OVERLAP_RATE, keptByBoth / (double) keptByContextMask);
        }
        return metrics;
    }

    /**
     * The optimiser's input for the anchor's gradient and the final mask (null: no masking): with
     * {@link MaskedUpdate#GRADIENT} g̃ = m ⊙ g as the gradient of an ordinary AdamW step, with
     * {@link MaskedUpdate#FREEZE} g and the mask for AdamW to leave masked channels untouched.
     */
    static TrainingLoop.Update update(NDArray gradient, NDArray mask, MaskedUpdate maskedUpdate,
            Map<String, Double> metrics) {
        if (mask == null) {
            return new TrainingLoop.Update(Map.of(TokenTraining.ROWS, gradient), metrics);
        }
        return switch (maskedUpdate) {
            case GRADIENT -> new TrainingLoop.Update(
                    Map.of(TokenTraining.ROWS, gradient.mul(mask.toType(DataType.FLOAT32, false))), metrics);
            case FREEZE -> new TrainingLoop.Update(Map.of(TokenTraining.ROWS, gradient),
                    Map.of(TokenTraining.ROWS, mask), metrics);
        };
    }

    private static NDArray copyInto(NDArray a, NDManager m) {
        NDArray c = a.duplicate();
        c.attach(m);
        return c;
    }

    private static float[] slice(float[] all, int token, int d) {
        float[] out = new float[d];
        System.arraycopy(all, token * d, out, 0, d);
        return out;
    }

    /** The latents of every exemplar's action-different images. */
    static final class ActionDifferentPool {
        private final ExemplarLatents latents;
        private final int[][] indices;

        ActionDifferentPool(StableDiffusion model, List<List<BufferedImage>> pools, NDManager manager) {
            List<BufferedImage> all = new ArrayList<>();
            indices = new int[pools.size()][];
            for (int k = 0; k < pools.size(); k++) {
                indices[k] = new int[pools.get(k).size()];
                for (int j = 0; j < indices[k].length; j++) {
                    indices[k][j] = all.size();
                    all.add(pools.get(k).get(j));
                }
            }
            latents = new ExemplarLatents(model, all, manager);
        }

        /** One of exemplar {@code anchor}'s images, uniformly (§4.2 "randomly sample an image"). */
        int draw(int anchor, RandomGenerator random) {
            int[] own = indices[anchor];
            return own[random.nextInt(own.length)];
        }

        NDArray latents(NDManager m, int image, RandomGenerator random) {
            return latents.sample(m, new int[] {image}, random);
        }
    }
}
