package org.actionbench.baselines.dreambooth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            Map<String, NDArray> copies = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : model.unet().namedParameters().entrySet()) {
                NDArray copy = e.getValue().array().duplicate();
                copy.attach(work);
                copy.setRequiresGradient(true);
                copies.put(e.getKey(), copy);
            }
            ExemplarLatents instance = new ExemplarLatents(model, images, work);
            ExemplarLatents classes = prior == null ? null : new ExemplarLatents(model, prior.images(), work);
            TrainingLoop.Plan plan = new TrainingLoop.Plan(spec.steps(), spec.checkpointEvery(), spec.optimizer(),
                    spec.checkpoint(), spec.fingerprint());
            try (ParameterOverrides swapped = ParameterOverrides.apply(model.unet(), copies)) {
                TrainingLoop.run(work, copies, plan, listener, (step, m) -> {
                    TrainingLoop.MeanGradients g = TrainingLoop.meanGradients(m, model.arrays(), copies, 1,
                            (micro, scope) -> {
                                NDArray loss = batchLoss(model, objective, instance, prompts, spec, step, "instance",
                                        scope);
                                if (prior != null) {
                                    NDArray priorLoss = batchLoss(model, objective, classes, prior.prompts(), spec,
                                            step, "class", scope);
                                    loss = loss.add(Functional.mulScalar(priorLoss, (float) prior.weight()));
                                }
                                return loss;
                            });
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

    private static NDArray batchLoss(StableDiffusion model, DenoisingObjective objective, ExemplarLatents latents,
            List<String> prompts, Spec spec, long step, String stream, NDManager m) {
        var r = Seeds.derive(spec.seed(), "images/" + stream, step);
        int[] idx = new int[spec.batchSize()];
        String[] chosen = new String[idx.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = r.nextInt(latents.count());
            chosen[i] = prompts.get(idx[i]);
        }
        NDArray x0 = latents.sample(m, idx, Seeds.derive(spec.seed(), "latents/" + stream, step));
        Conditioning c = Conditioning.shared(model.promptEncoder().encode(m, List.of(chosen)));
        return objective.loss(x0, objective.draw(x0, spec.seed(), step, stream), c);
    }
}
