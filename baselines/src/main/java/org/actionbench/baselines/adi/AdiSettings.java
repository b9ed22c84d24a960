package org.actionbench.baselines.adi;

import org.actionbench.engine.method.SettingChecks;
import org.actionbench.engine.method.TrainingSettings;
import org.actionbench.engine.pipeline.SamplingDefaults;

/**
 * ADI's settings: the paper's implementation details (§5.1) and a switch for every ablation (§5.4–5.5).
 *
 * @param steps 3000: §5.1 "the training takes 3000 steps"
 * @param learningRate 2e-4: §5.1 "AdamW optimizer with a learning rate of 2e-4"
 * @param weightDecay 1e-2: torch.optim.AdamW's default (the paper names AdamW and no decay)
 * @param beta 0.6: §5.1 "we set the masking ratio β to 0.6" (Fig. 8 sweeps 0.2–0.8)
 * @param layerWise true: §4.2 one token per cross-attention layer; false is §5.4's "no expansion" ablation
 * @param masks both: §4.2; context-only / action-only are §5.4's single-mask ablations; none is "ADI without
 *     masks", a control (issue 16 §5): the anchor's plain gradient updates every channel, the recipe otherwise
 *     ADI's, and neither context- nor action-different images are needed
 * @param merge intersection: Eq. 9; union is §5.5's Fig. 7 comparison
 * @param maskedUpdate gradient: §4.2 / Eq. 10 "the masked gradient g̃ … is the only gradient used to update
 *     v", i.e. the usual idiom {@code v.grad *= mask} before an ordinary AdamW step (masked channels still
 *     move by momentum and weight decay); freeze leaves masked channels' value and moments untouched, an
 *     ablation
 * @param reversed false: true is §5.4's reversed masks
 * @param strategy gradient-invariance: §4.2; uniform / random / min / max are §5.5's Fig. 6 strategies
 * @param placeholderToken the identifier word written in prompts ("&lt;A&gt;" in the paper's figures)
 * @param initializerWord the word the tokens start from (the paper does not say; as for Textual Inversion)
 * @param dreamboothSteps 2000: §5.1 one-shot DreamBooth for the action-different images
 * @param dreamboothLearningRate 1e-6: §5.1
 * @param actionDifferentPerExemplar 7: images generated per exemplar, cycling through the other actions'
 *     descriptions (one each for ActionBench's seven other actions)
 * @param actionDifferentImages "": empty to generate; else a directory of pre-captured images,
 *     {@code DIR/<action-id>/<exemplar index>/*.png} (§4.2: "not necessary if the users can compile a dataset
 *     of varied actions by the same individual")
 * @param samplingSteps 50: DDIM steps for the action-different images (§5.1 samples with DDIM 50)
 * @param guidance 7.5: their guidance scale (§5.1)
 * @param seed 0: the run spec sets it
 * @param checkpointEvery 500
 */
public record AdiSettings(int steps, double learningRate, double weightDecay, double beta, boolean layerWise,
        MaskSelection masks, MaskMerge merge, MaskedUpdate maskedUpdate, boolean reversed, MaskingStrategy strategy,
        String placeholderToken,
        String initializerWord, int dreamboothSteps, double dreamboothLearningRate, int actionDifferentPerExemplar,
        String actionDifferentImages, int samplingSteps, double guidance, long seed, int checkpointEvery)
        implements TrainingSettings<AdiSettings> {

    public static final AdiSettings DEFAULTS = new AdiSettings(3000, 2e-4, 1e-2, 0.6, true, MaskSelection.BOTH,
            MaskMerge.INTERSECTION, MaskedUpdate.GRADIENT, false, MaskingStrategy.GRADIENT_INVARIANCE, "<action>",
            "pose", 2000, 1e-6, 7, "",
            SamplingDefaults.STEPS, SamplingDefaults.GUIDANCE, 0, 500);

    public AdiSettings {
        SettingChecks.atLeast("steps", steps, 1);
        SettingChecks.positive("learningRate", learningRate);
        SettingChecks.nonNegative("weightDecay", weightDecay);
        SettingChecks.within("beta", beta, 0, 1);
        SettingChecks.word("placeholderToken", placeholderToken);
        SettingChecks.nonBlank("initializerWord", initializerWord);
        SettingChecks.atLeast("dreamboothSteps", dreamboothSteps, 1);
        SettingChecks.positive("dreamboothLearningRate", dreamboothLearningRate);
        SettingChecks.atLeast("actionDifferentPerExemplar", actionDifferentPerExemplar, 1);
        if (actionDifferentImages == null) {
            throw new IllegalArgumentException("setting 'actionDifferentImages' must not be null");
        }
        SettingChecks.atLeast("samplingSteps", samplingSteps, 1);
        SettingChecks.nonNegative("guidance", guidance);
        SettingChecks.atLeast("checkpointEvery", checkpointEvery, 1);
        // Refuses contradictory mask settings, naming them (fields are not assigned yet: pass the parameters).
        new GradientMasks.Options(beta, strategy, masks, merge, reversed);
    }

    @Override
    public AdiSettings withSeed(long seed) {
        return new AdiSettings(steps, learningRate, weightDecay, beta, layerWise, masks, merge, maskedUpdate,
                reversed, strategy, placeholderToken, initializerWord, dreamboothSteps, dreamboothLearningRate,
                actionDifferentPerExemplar, actionDifferentImages, samplingSteps, guidance, seed, checkpointEvery);
    }

    public GradientMasks.Options maskOptions() {
        return new GradientMasks.Options(beta, strategy, masks, merge, reversed);
    }

    /** Whether training needs the context-different image of each anchor. */
    public boolean needsContextDifferent() {
        return maskOptions().needsContextDifferent();
    }

    /** Whether training needs action-different images (and so the one-shot DreamBooths). */
    public boolean needsActionDifferent() {
        return maskOptions().needsActionDifferent();
    }
}
