package org.actionbench.baselines.customdiffusion;

import org.actionbench.engine.method.SettingChecks;
import org.actionbench.engine.method.TrainingSettings;

/**
 * Custom Diffusion's settings; defaults from diffusers' {@code examples/custom_diffusion} (README's
 * single-concept command and the script's argument defaults), which the authors maintain as the reference
 * for Stable Diffusion.
 *
 * @param steps 250: README {@code --max_train_steps=250}
 * @param learningRate 1e-5: README {@code --learning_rate=1e-5}
 * @param scaleLearningRate true: README {@code --scale_lr} (× batchSize, so 2e-5)
 * @param batchSize 2: README {@code --train_batch_size=2}
 * @param weightDecay 1e-2: script default {@code --adam_weight_decay}
 * @param maxGradNorm 1.0: script default {@code --max_grad_norm}
 * @param modifierToken "&lt;new1&gt;": README {@code --modifier_token "<new1>"}
 * @param initializerWord "ktn": script default {@code --initializer_token "ktn+pll+ucd"}, first modifier's word
 * @param seed 0: the run spec sets it
 * @param checkpointEvery 250: script default {@code --checkpointing_steps=250}
 */
public record CustomDiffusionSettings(int steps, double learningRate, boolean scaleLearningRate, int batchSize,
        double weightDecay, double maxGradNorm, String modifierToken, String initializerWord, long seed,
        int checkpointEvery)
        implements TrainingSettings<CustomDiffusionSettings> {

    public static final CustomDiffusionSettings DEFAULTS = new CustomDiffusionSettings(250, 1e-5, true, 2, 1e-2, 1.0,
            "<new1>", "ktn", 0, 250);

    public CustomDiffusionSettings {
        SettingChecks.atLeast("steps", steps, 1);
        SettingChecks.positive("learningRate", learningRate);
        SettingChecks.atLeast("batchSize", batchSize, 1);
        SettingChecks.nonNegative("weightDecay", weightDecay);
        SettingChecks.positive("maxGradNorm", maxGradNorm);
        SettingChecks.word("modifierToken", modifierToken);
        SettingChecks.nonBlank("initializerWord", initializerWord);
        SettingChecks.atLeast("checkpointEvery", checkpointEvery, 1);
    }

    @Override
    public CustomDiffusionSettings withSeed(long seed) {
        return new CustomDiffusionSettings(steps, learningRate, scaleLearningRate, batchSize, weightDecay,
                maxGradNorm, modifierToken, initializerWord, seed, checkpointEvery);
    }

    public double effectiveLearningRate() {
        return scaleLearningRate ? learningRate * batchSize : learningRate;
    }
}
