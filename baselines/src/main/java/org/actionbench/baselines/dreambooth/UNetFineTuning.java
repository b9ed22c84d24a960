package org.actionbench.baselines.dreambooth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.actionbench.baselines.common.DenoisingObjective;
import org.actionbench.baselines.common.ExemplarLatents;
import org.actionbench.baselines.common.GradientClipping;
import org.actionbench.engine.train.TrainingLoop;
import org.actionbench.engine.train.TrainingListener;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.nn.ParameterOverrides;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.pipeline.StableDiffusion;
import org.actionbench.engine.train.AdamWConfig;
import org.actionbench.engine.nn.Seeds;
import org.actionbench.engine.unet.Conditioning;

/**
 * DreamBooth's training (Ruiz et al., CVPR 2023, as diffusers' {@code train_dreambooth.py} runs it without
 * {@code --train_text_encoder}): every UNet tensor is fine-tuned on the instance images with their prompts,
 * optionally plus the prior-preservation loss on class images; text encoder and VAE stay frozen. The shared
 * model is not touched: a copy of the UNet's tensors is trained in its place and handed back.
 * ADI uses the same training one-shot, without class images, for its action-different images.
 */
public final class UNetFineTuning {
    private UNetFineTuning() {
    }

    /** Class images and their prompts for the prior-preservation loss, weighted by {@code weight}. */
    public record Prior(List<BufferedImage> images, List<String> prompts, double weight) {}

    /**
     * @param batchSize instance images per step (and as many class images with prior preservation)
     * @param maxGradNorm the scripts' {@code max_grad_norm}
     */
    public record Spec(long seed, long steps, long checkpointEvery, int batchSize, AdamWConfig optimizer,
            double maxGradNorm, Path checkpoint, Map<String, String> fingerprint) {}

    /**
     * Fine-tunes a copy of the UNet on {@code images}[i] with {@code prompts}[i]; returns every UNet tensor
     * under its parameter name, owned by {@code into}.
     */
    public static Map<String, NDArray> train(StableDiffusion model, List<BufferedImage> images, List<String> prompts,
            Prior prior, Spec spec, TrainingListener listener, NDManager into) throws IOException {
        if (images.size() != prompts.size()) {
            throw new IllegalArgumentException(images.size() + " instance images but " + prompts.size() + " prompts");
        }
        DenoisingObjective objective = new DenoisingObjective(model);
        try (NDManager work = model.manager().newSubManager()) {
            Map<String, NDArray> copies = trainableCopies(model, work);
            ExemplarLatents instance = new ExemplarLatents(model, images, work);
            ExemplarLatents classes = prior == null ? null : new ExemplarLatents(model, prior.images(), work);
            TrainingLoop.Plan plan = new TrainingLoop.Plan(spec.steps(), spec.checkpointEvery(), spec.optimizer(),
                    spec.checkpoint(), spec.fingerprint());
            try (ParameterOverrides swapped = ParameterOverrides.apply(model.unet(), copies)) {
                TrainingLoop.run(work, copies, plan, listener, (step, m) -> {
                    TrainingLoop.MeanGradients g = TrainingLoop.meanGradients(m, model.arrays(), copies, 1,
                            (micro, scope) -> stepLoss(model, objective, new Images(instance, prompts),
                                    classes == null ? null : new Images(classes, prior.prompts()),
                                    prior == null ? 0 : prior.weight(), spec, step, scope));
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("loss", g.loss());
                    return new TrainingLoop.Update(GradientClipping.clipGlobalNorm(g.gradients(), spec.maxGradNorm()),
                            metrics);
                });
            }
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : copies.entrySet()) {
                NDArray tuned = e.getValue().stopGradient().duplicate();
                tuned.attach(into);
                out.put(e.getKey(), tuned);
            }
            return out;
        }
    }

    /** A copy of every UNet tensor by parameter name, requiring a gradient, owned by {@code manager}. */
    static Map<String, NDArray> trainableCopies(StableDiffusion model, NDManager manager) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.unet().namedParameters().entrySet()) {
            NDArray copy = e.getValue().array().duplicate();
            copy.attach(manager);
            copy.setRequiresGradient(true);
            copies.put(e.getKey(), copy);
        }
        return copies;
    }

    /** Training images as latents, and the prompt of each. */
    record Images(ExemplarLatents latents, List<String> prompts) {}

    /**
     * One step's loss: the mean squared error of {@code batchSize} instance images plus, with class images,
     * {@code priorWeight} times that of as many class images (train_dreambooth.py's loss). Both halves go
     * through the text encoder and the UNet as one batch, as the script concatenates them: one pass instead
     * of two, which also keeps libtorch on its batched convolution kernels (at batch 1 it takes its slow
     * path for small inputs and probes NNPACK on every call). Each half draws its images, noise and
     * timesteps from its own stream, exactly as {@link #partLoss} does alone, so batching changes rounding
     * only.
     */
    static NDArray stepLoss(StableDiffusion model, DenoisingObjective objective, Images instance, Images classes,
            double priorWeight, Spec spec, long step, NDManager m) {
        Part own = part(model, objective, instance, spec, step, "instance", m);
        if (classes == null) {
            return objective.loss(own.x0(), own.draw(), condition(model, own.prompts(), m));
        }
        Part prior = part(model, objective, classes, spec, step, "class", m);
        long[] timesteps = LongStream.concat(Arrays.stream(own.draw().timesteps()),
                Arrays.stream(prior.draw().timesteps())).toArray();
        DenoisingObjective.Draw both = new DenoisingObjective.Draw(timesteps,
                own.draw().noise().concat(prior.draw().noise(), 0));
        List<String> prompts = new ArrayList<>(own.prompts());
        prompts.addAll(prior.prompts());
        NDArray squared = objective.squaredError(own.x0().concat(prior.x0(), 0), both, condition(model, prompts, m));
        int n = spec.batchSize();
        NDArray loss = squared.get("0:" + n).mean();
        return loss.add(Functional.mulScalar(squared.get(n + ":").mean(), (float) priorWeight));
    }

    /** The loss of one half alone, in a pass of its own: what {@link #stepLoss} batches. */
    static NDArray partLoss(StableDiffusion model, DenoisingObjective objective, Images images, Spec spec, long step,
            String stream, NDManager m) {
        Part p = part(model, objective, images, spec, step, stream, m);
        return objective.loss(p.x0(), p.draw(), condition(model, p.prompts(), m));
    }

    private record Part(NDArray x0, DenoisingObjective.Draw draw, List<String> prompts) {}

    private static Part part(StableDiffusion model, DenoisingObjective objective, Images images, Spec spec, long step,
            String stream, NDManager m) {
        var r = Seeds.derive(spec.seed(), "images/" + stream, step);
        int[] idx = new int[spec.batchSize()];
        String[] chosen = new String[idx.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = r.nextInt(images.latents().count());
            chosen[i] = images.prompts().get(idx[i]);
        }
        NDArray x0 = images.latents().sample(m, idx, Seeds.derive(spec.seed(), "latents/" + stream, step));
        return new Part(x0, objective.draw(x0, spec.seed(), step, stream), List.of(chosen));
    }

    private static Conditioning condition(StableDiffusion model, List<String> prompts, NDManager m) {
        return Conditioning.shared(model.promptEncoder().encode(m, prompts));
    }
}
