package org.actionbench.baselines.reversion;

import org.actionbench.engine.method.SettingChecks;
import org.actionbench.engine.method.TrainingSettings;

/**
 * ReVersion's settings; defaults from its official repository (ziqihuangg/ReVersion: the README's training
 * command and train.py's argument defaults).
 *
 * @param steps 3000: README {@code --max_train_steps="3000"}
 * @param learningRate 2.5e-4: README {@code --learning_rate='2.5e-04'}
 * @param scaleLearningRate true: README {@code --scale_lr} (× batchSize × gradientAccumulation, so 2e-3)
 * @param batchSize 2: README {@code --train_batch_size="2"}
 * @param gradientAccumulation 4: README {@code --gradient_accumulation_steps="4"}
 * @param weightDecay 1e-2: train.py default {@code --adam_weight_decay}
 * @param placeholderToken "&lt;R&gt;": README
 * @param initializerWord "and": README {@code --initializer_token="and"}
 * @param steerWeight 0.01: README {@code --steer_loss_weight=0.01}
 * @param numPositives 4: README {@code --num_positives=4}
 * @param temperature 0.07: README / train.py default
 * @param importanceSampling true: README {@code --importance_sampling}
 * @param scaledCosineAlpha 0.5: train.py default, the skew α of f(t) = (1 − α cos(πt/T)) / T
 * @param seed 0: the run spec sets it (README uses 2023)
 * @param checkpointEvery 500: train.py default {@code --checkpointing_steps}
 */
public record ReVersionSettings(int steps, double learningRate, boolean scaleLearningRate, int batchSize,
        int gradientAccumulation, double weightDecay, String placeholderToken, String initializerWord,
        double steerWeight, int numPositives, double temperature, boolean importanceSampling,
        double scaledCosineAlpha, long seed, int checkpointEvery)
        implements TrainingSettings<ReVersionSettings> {

    public static final ReVersionSettings DEFAULTS = new ReVersionSettings(3000, 2.5e-4, true, 2, 4, 1e-2, "<R>",
            "and", 0.01, 4, 0.07, true, 0.5, 0, 500);

    public ReVersionSettings {
        SettingChecks.atLeast("steps", steps, 1);
        SettingChecks.positive("learningRate", learningRate);
        SettingChecks.atLeast("batchSize", batchSize, 1);
        SettingChecks.atLeast("gradientAccumulation", gradientAccumulation, 1);
        SettingChecks.nonNegative("weightDecay", weightDecay);
        SettingChecks.word("placeholderToken", placeholderToken);
        SettingChecks.nonBlank("initializerWord", initializerWord);
        SettingChecks.nonNegative("steerWeight", steerWeight);
        SettingChecks.within("numPositives", numPositives, 1, PrepositionBasis.PREPOSITIONS.size());
        SettingChecks.positive("temperature", temperature);
        SettingChecks.within("scaledCosineAlpha", scaledCosineAlpha, 0, 1);
        SettingChecks.atLeast("checkpointEvery", checkpointEvery, 1);
    }

    @Override
    public ReVersionSettings withSeed(long seed) {
        return new ReVersionSettings(steps, learningRate, scaleLearningRate, batchSize, gradientAccumulation,
                weightDecay, placeholderToken, initializerWord, steerWeight, numPositives, temperature,
                importanceSampling, scaledCosineAlpha, seed, checkpointEvery);
    }

    public double effectiveLearningRate() {
        return scaleLearningRate ? learningRate * batchSize * gradientAccumulation : learningRate;
    }
}
