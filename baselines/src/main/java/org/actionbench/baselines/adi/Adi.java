package org.actionbench.baselines.adi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.ExemplarLatents;
import org.actionbench.baselines.common.Fingerprint;
import org.actionbench.baselines.common.TokenMethod;
import org.actionbench.baselines.common.TokenTraining;
import org.actionbench.engine.train.TrainingLoop;
import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.BenchMaterial;
import org.actionbench.engine.method.TrainingContext;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.unet.Conditioning;

/**
 * ADI, Action-Disentangled Identifier (Huang et al., CVPR 2024, §4.2): one identifier token per
 * cross-attention layer, trained by the ε-MSE of an anchor exemplar, where at each step and for each
 * layer's token only the channels kept by two gradient masks are updated. The masks come from the gradients
 * of a sample triple, all three under the anchor's prompt: the anchor x^(a,c), another exemplar x^(a,c̄)
 * (same action, other context) and an image x^(ā,c) of the anchor's context doing another action.
 *
 * <p>The three losses share the timestep and the noise, so their gradients differ by the image alone.
 * Masked channels are left bit-exactly as they were (value and AdamW moments): Eq. 10's "m ⊙ g is the only
 * gradient used to update v" with an optimiser that has momentum and decay.
 */
public final class Adi extends TokenMethod<AdiSettings> {
    public static final String ID = "adi";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public AdiSettings defaults() {
        return AdiSettings.DEFAULTS;
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
                    (step, m) -> step(training, pool, options, s.seed(), step, m));
            return training.artifact(ID, model.manager().newSubManager(), Map.of());
        }
    }

    /** One training step: the triple's gradients, the per-layer masks, the masked anchor update. */
    static TrainingLoop.Update step(TokenTraining training, ActionDifferentPool pool, GradientMasks.Options options,
            long seed, long step, NDManager m) {
        RandomGenerator pick = Seeds.derive(seed, "triple", step);
        int count = training.latents().count();
        int anchor = pick.nextInt(count);
        // Context-different: any other exemplar (§4.2 "randomly sample another image from X").
        int other = count < 2 ? -1 : (anchor + 1 + pick.nextInt(count - 1)) % count;
        List<String> prompt = training.prompts(new int[] {anchor});

        NDArray anchorLatents = training.latents(m, new int[] {anchor}, seed, step, "anchor");
        DenoisingObjective.Draw draw = training.objective().draw(anchorLatents, seed, step, "triple");
        Gradient gAnchor = gradient(training, m, prompt, draw, sm -> copyInto(anchorLatents, sm));
        float[] gContext = null;
        float[] gAction = null;
        if (options.needsTriple() && options.selection() != MaskSelection.ACTION_ONLY) {
            gContext = gradient(training, m, prompt, draw,
                    sm -> training.latents(sm, new int[] {other}, seed, step, "context")).values;
        }
        if (options.needsTriple() && options.selection() != MaskSelection.CONTEXT_ONLY) {
            int image = pool.draw(anchor, pick);
            gAction = gradient(training, m, prompt, draw,
                    sm -> pool.latents(sm, image, Seeds.derive(seed, "latents/action", step))).values;
        }

        Shape shape = training.rows().getShape();
        int d = (int) shape.get(shape.dimension() - 1);
        int tokens = (int) (shape.size() / d);
        boolean[] keep = new boolean[tokens * d];
        long kept = 0;
        long keptByBoth = 0;
        RandomGenerator random = Seeds.derive(seed, "random-mask", step);
        for (int l = 0; l < tokens; l++) {
            GradientMasks.Result r = GradientMasks.compute(options, slice(gAnchor.values, l, d),
                    gContext == null ? null : slice(gContext, l, d), gAction == null ? null : slice(gAction, l, d),
                    random);
            System.arraycopy(r.keep(), 0, keep, l * d, d);
            kept += r.kept();
            keptByBoth += r.keptByBoth();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", (double) gAnchor.loss);
        metrics.put("kept", kept / (double) keep.length);
        if (gContext != null && gAction != null) {
            metrics.put("keptByBoth", keptByBoth / (double) keep.length);
        }
        NDArray mask = m.create(keep, shape);
        return new TrainingLoop.Update(Map.of(TokenTraining.ROWS, gAnchor.array), Map.of(TokenTraining.ROWS, mask),
                metrics);
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

    /** Latents of one image of the triple, made in the pass's own manager. */
    @FunctionalInterface
    private interface LatentSource {
        NDArray latents(NDManager m);
    }

    private record Gradient(NDArray array, float[] values, float loss) {}

    /** ∂L/∂v (Eq. 2, 3, 6) of one image of the triple under the anchor's prompt and the shared draw. */
    private static Gradient gradient(TokenTraining training, NDManager m, List<String> prompt,
            DenoisingObjective.Draw draw, LatentSource source) {
        TrainingLoop.MeanGradients g = TrainingLoop.meanGradients(m, training.frozen(), training.trainable(), 1,
                (micro, scope) -> {
                    NDArray x0 = source.latents(scope);
                    Conditioning c = training.condition(scope, prompt);
                    return training.objective().loss(x0, new DenoisingObjective.Draw(draw.timesteps(),
                            copyInto(draw.noise(), scope)), c);
                });
        NDArray array = g.gradients().get(TokenTraining.ROWS);
        return new Gradient(array, array.toFloatArray(), (float) g.loss());
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
