package org.actionbench.baselines.customdiffusion;

import org.actionbench.baselines.common.ClassImageSettings;
import org.actionbench.engine.method.SettingChecks;
import org.actionbench.engine.method.TrainingSettings;
import org.actionbench.engine.pipeline.SamplingDefaults;

/**
 * Custom Diffusion's settings; defaults from diffusers' {@code examples/custom_diffusion} (README's
 * single-concept command and {@code train_custom_diffusion.py}'s argument defaults and dataset), which the authors
 * maintain as the reference for Stable Diffusion.
 *
 * @param steps 250: README {@code --max_train_steps=250}
 * @param learningRate 1e-5: README {@code --learning_rate=1e-5}, the base rate before scaling
 * @param scaleLearningRate true: README {@code --scale_lr}; the script multiplies the base rate by the batch size
 *     (× gradient accumulation × processes, both 1 here) and by 2 with prior preservation, so 1e-5 × 2 × 2 = 4e-5
 * @param batchSize 2: README {@code --train_batch_size=2} instance images per step (and as many class images)
 * @param weightDecay 1e-2: script default {@code --adam_weight_decay}
 * @param maxGradNorm 1.0: script default {@code --max_grad_norm}
 * @param modifierToken "&lt;new1&gt;": README {@code --modifier_token "<new1>"}
 * @param initializerWord "ktn": script default {@code --initializer_token "ktn+pll+ucd"}, first modifier's word
 * @param priorPreservation true: README {@code --with_prior_preservation}
 * @param priorLossWeight 1.0: README {@code --prior_loss_weight=1.0}
 * @param classImages 200: README {@code --num_class_images=200}. The README retrieves real images
 *     ({@code --real_prior}, needs the internet); without it the script generates them with the frozen model from
 *     the class prompt, which is what we do. The class prompt "should be the category name same as target image"
 *     (README): for an action, the exemplar's template without the modifier ("A man in a park"), as for DreamBooth
 * @param classSamplingSteps 50: the script samples class images with the pipeline's defaults (50 steps), here DDIM
 *     (ADI §5.1 samples everything with DDIM 50)
 * @param classGuidance 7.5: the pipeline's default guidance
 * @param flipProbability 0.5: README {@code --hflip}, which the dataset turns into {@code RandomHorizontalFlip(0.5)}
 *     for instance and class images
 * @param rescaleAugmentation true: the dataset's resize augmentation with "very small" / "zoomed in" caption
 *     prefixes and the masked loss (on unless {@code --noaug}; {@link RescaleAugmentation})
 * @param seed 0: the run spec sets it
 * @param checkpointEvery 250: script default {@code --checkpointing_steps=250}
 */
public record CustomDiffusionSettings(int steps, double learningRate, boolean scaleLearningRate, int batchSize,
        double weightDecay, double maxGradNorm, String modifierToken, String initializerWord,
        boolean priorPreservation, double priorLossWeight, int classImages, int classSamplingSteps,
        double classGuidance, double flipProbability, boolean rescaleAugmentation, long seed, int checkpointEvery)
        implements TrainingSettings<CustomDiffusionSettings>, ClassImageSettings {

    public static final CustomDiffusionSettings DEFAULTS = new CustomDiffusionSettings(250, 1e-5, true, 2, 1e-2, 1.0,
            "<new1>", "ktn", true, 1.0, 200, SamplingDefaults.STEPS, SamplingDefaults.GUIDANCE, 0.5, true, 0, 250);

    public CustomDiffusionSettings {
        SettingChecks.atLeast("steps", steps, 1);
        SettingChecks.positive("learningRate", learningRate);
        SettingChecks.atLeast("batchSize", batchSize, 1);
        SettingChecks.nonNegative("weightDecay", weightDecay);
        SettingChecks.positive("maxGradNorm", maxGradNorm);
        SettingChecks.word("modifierToken", modifierToken);
        SettingChecks.nonBlank("initializerWord", initializerWord);
        SettingChecks.nonNegative("priorLossWeight", priorLossWeight);
        SettingChecks.atLeast("classImages", classImages, 1);
        SettingChecks.atLeast("classSamplingSteps", classSamplingSteps, 1);
        SettingChecks.nonNegative("classGuidance", classGuidance);
        SettingChecks.within("flipProbability", flipProbability, 0, 1);
        SettingChecks.atLeast("checkpointEvery", checkpointEvery, 1);
    }

    @Override
    public CustomDiffusionSettings withSeed(long seed) {
        return new CustomDiffusionSettings(steps, learningRate, scaleLearningRate, batchSize, weightDecay,
                maxGradNorm, modifierToken, initializerWord, priorPreservation, priorLossWeight, classImages,
                classSamplingSteps, classGuidance, flipProbability, rescaleAugmentation, seed, checkpointEvery);
    }

    /** The rate the optimizer uses: the script's {@code --scale_lr} rule when {@code scaleLearningRate}. */
    public double effectiveLearningRate() {
        if (!scaleLearningRate) {
            return learningRate;
        }
        return learningRate * batchSize * (priorPreservation ? 2 : 1);
    }
}
