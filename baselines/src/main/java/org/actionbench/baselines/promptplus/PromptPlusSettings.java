package org.actionbench.baselines.promptplus;

import org.actionbench.engine.method.SettingChecks;
import org.actionbench.engine.method.TrainingSettings;

/**
 * P+ (Extended Textual Inversion) settings. The P+ paper (Voynov et al. 2023, §5) publishes no code; its
 * XTI is Textual Inversion with one token per cross-attention layer, optimised for 500 steps with batch
 * size 8 and learning rate 5e-3 (the values its experiments state; TI's other choices, AdamW with
 * decay 1e-2, follow the diffusers TI script).
 *
 * @param steps 500: P+ paper (XTI converges in 500 steps where TI takes 5000)
 * @param learningRate 5e-3: P+ paper
 * @param batchSize 8: P+ paper
 * @param weightDecay 1e-2: diffusers TI script default
 * @param placeholderToken one word outside the vocabulary
 * @param initializerWord as for Textual Inversion
 * @param seed 0: the run spec sets it
 * @param checkpointEvery 100
 */
public record PromptPlusSettings(int steps, double learningRate, int batchSize, double weightDecay,
        String placeholderToken, String initializerWord, long seed, int checkpointEvery)
        implements TrainingSettings<PromptPlusSettings> {

    public static final PromptPlusSettings DEFAULTS = new PromptPlusSettings(500, 5e-3, 8, 1e-2, "<action>", "pose",
            0, 100);

    public PromptPlusSettings {
        SettingChecks.atLeast("steps", steps, 1);
        SettingChecks.positive("learningRate", learningRate);
        SettingChecks.atLeast("batchSize", batchSize, 1);
        SettingChecks.nonNegative("weightDecay", weightDecay);
        SettingChecks.word("placeholderToken", placeholderToken);
        SettingChecks.nonBlank("initializerWord", initializerWord);
        SettingChecks.atLeast("checkpointEvery", checkpointEvery, 1);
    }

    @Override
    public PromptPlusSettings withSeed(long seed) {
        return new PromptPlusSettings(steps, learningRate, batchSize, weightDecay, placeholderToken, initializerWord,
                seed, checkpointEvery);
    }
}
