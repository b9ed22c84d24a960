package org.actionbench.baselines.customdiffusion;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.actionbench.baselines.common.HorizontalFlips;
import org.actionbench.baselines.common.SquareImages;
import org.actionbench.engine.method.ActionExamples;

/**
 * Custom Diffusion's instance images for one training step, as its reference dataset serves them: each drawn
 * exemplar is flipped with the flip probability, resized and placed by {@link RescaleAugmentation} (bilinear, as
 * the dataset resizes), and captioned with its template, the modifier token in the action slot, behind the
 * augmentation's prefix.
 */
final class InstanceImages {
    private InstanceImages() {
    }

    /** One served image: which exemplar, whether mirrored, the augmentation's choice, the caption, pixels and mask. */
    record Item(int exemplar, boolean flipped, RescaleAugmentation.Choice choice, String prompt,
            RescaleAugmentation.Placed placed) {}

    /** The items for {@code exemplars}, every random choice from {@code random} in the reference's order. */
    static List<Item> draw(ActionExamples action, String token, int[] exemplars, int size, int latentSize,
            double flipProbability, boolean rescale, RandomGenerator random) {
        List<Item> out = new ArrayList<>();
        for (int i : exemplars) {
            ActionExamples.Exemplar e = action.exemplars().get(i);
            boolean flipped = HorizontalFlips.draw(flipProbability, random);
            RescaleAugmentation.Choice choice = RescaleAugmentation.draw(size, rescale, random);
            BufferedImage scaled = SquareImages.fit(e.image(), choice.scale(), SquareImages.Resampling.BILINEAR);
            if (flipped) {
                scaled = HorizontalFlips.mirror(scaled);
            }
            out.add(new Item(i, flipped, choice, choice.prefix() + e.prompt(token),
                    RescaleAugmentation.place(scaled, size, latentSize, choice)));
        }
        return out;
    }
}
