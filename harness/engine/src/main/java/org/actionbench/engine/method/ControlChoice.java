package org.actionbench.engine.method;

import java.awt.image.BufferedImage;
import org.actionbench.engine.controlnet.ControlNetModel;

/**
 * ControlNet input chosen per sample: the ControlNet baseline conditions each image on the skeleton of one
 * exemplar, and which exemplar is drawn from the sample's own seed, so an image does not depend on the
 * batch it is generated in and the choice can be recorded beside the image.
 */
public interface ControlChoice {

    ControlNetModel controlnet();

    /** diffusers' {@code controlnet_conditioning_scale}. */
    float scale();

    /** The conditioning image ([0, 1] RGB at the sampling resolution) for the sample with this seed. */
    BufferedImage image(long seed);

    /** What was chosen for this seed, for the sample's record, e.g. {@code "exemplar 3"}. */
    String describe(long seed);
}
