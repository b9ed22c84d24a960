package org.actionbench.baselines.textualinversion;

import org.actionbench.engine.method.SettingChecks;
import org.actionbench.engine.method.TrainingSettings;

/**
 * Textual Inversion's settings. Defaults follow the diffusers example
 * ({@code examples/textual_inversion}, README's training command and the script's argument defaults),
 * the reference implementation for Stable Diffusion; ADI's paper gives no TI settings.
 *
 * @param steps 3000: README {@code --max_train_steps=3000}
 * @param learningRate 5e-4: README {@code --learning_rate=5.0e-04}
 * @param scaleLearningRate true: README {@code --scale_lr} (× batchSize × gradientAccumulation, so 2e-3)
 * @param batchSize 1: README {@code --train_batch_size=1}
 * @param gradientAccumulation 4: README {@code --gradient_accumulation_steps=4}
 * @param weightDecay 1e-2: script default {@code --adam_weight_decay} (torch.optim.AdamW)
 * @param flipProbability 0.5: the script's {@code TextualInversionDataset(flip_p=0.5)} (the script passes no
 *     other value), a horizontal flip drawn per training image
 * @param placeholderToken "&lt;action&gt;": any word outside the vocabulary (README uses "&lt;cat-toy&gt;")
 * @param initializerWord "pose": ours; the script requires one word but neither the Textual Inversion paper nor
 *     ADI's states the word for an action (README uses "toy" for an object)
 * @param seed 0: the run spec sets it
 * @param checkpointEvery 500: script default {@code --checkpointing_steps=500}
 */
public record TextualInversionSettings(int steps, double learningRate, boolean scaleLearningRate, int batchSize,
        int gradientAccumulation, double weightDecay, double flipProbability, String placeholderToken,
        String initializerWord, long seed, int checkpointEvery)
        implements TrainingSettings<TextualInversionSettings> {

    public static final TextualInversionSettings DEFAULTS = new TextualInversionSettings(3000, 5e-4, true, 1, 4,
            1e-2, 0.5, "<action>", "pose", 0, 500);

    public TextualInversionSettings {
        SettingChecks.atLeast("steps", steps, 1);
        SettingChecks.positive("learningRate", learningRate);
        SettingChecks.atLeast("batchSize", batchSize, 1);
        SettingChecks.atLeast("gradientAccumulation", gradientAccumulation, 1);
        SettingChecks.nonNegative("weightDecay", weightDecay);
        SettingChecks.within("flipProbability", flipProbability, 0, 1);
        SettingChecks.word("placeholderToken", placeholderToken);
        SettingChecks.nonBlank("initializerWord", initializerWord);
        SettingChecks.atLeast("checkpointEvery", checkpointEvery, 1);
    }

    @Override
    public TextualInversionSettings withSeed(long seed) {
        return new TextualInversionSettings(steps, learningRate, scaleLearningRate, batchSize, gradientAccumulation,
                weightDecay, flipProbability, placeholderToken, initializerWord, seed, checkpointEvery);
    }

    /** The learning rate the optimizer uses: scaled by the images per step when {@code scaleLearningRate}. */
    public double effectiveLearningRate() {
        return scaleLearningRate ? learningRate * batchSize * gradientAccumulation : learningRate;
    }
}
