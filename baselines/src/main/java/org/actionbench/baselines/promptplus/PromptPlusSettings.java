package org.actionbench.baselines.promptplus;

import org.actionbench.engine.method.SettingChecks;
import org.actionbench.engine.method.TrainingSettings;

/**
 * P+ (Extended Textual Inversion, XTI) settings. The P+ paper (Voynov et al. 2023, arXiv 2303.09522) published
 * no code; its text could not be read where these defaults were checked (no internet), so the values below
 * rest on the one public implementation found, mkshing/prompt-plus-pytorch, whose README says its
 * hyper-parameters are "exactly same as Textual Inversion except the number of training steps as the paper
 * said in section 4.2.2" and whose training command is the source of each number. Confirmed from the paper
 * itself: none; the values are the ones this record had before the check, now with their source.
 *
 * @param steps 500: that README's {@code --max_train_steps=500}, the step count it attributes to the paper's
 *     §4.2.2
 * @param learningRate 5e-3: that README's {@code --learning_rate=5.0e-03}, used unscaled (no {@code --scale_lr});
 *     not confirmed from the paper
 * @param batchSize 8: that README's {@code --train_batch_size=1 --gradient_accumulation_steps=8}, eight images
 *     per update (here in one forward pass; the mean gradient is the same); not confirmed from the paper
 * @param weightDecay 1e-2: that script's default {@code --adam_weight_decay} (torch.optim.AdamW), as diffusers' TI
 * @param placeholderToken one word outside the vocabulary
 * @param initializerWord "pose": ours, as for Textual Inversion; neither the P+ paper nor ADI's states one
 *     (that README uses "toy" for an object)
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
