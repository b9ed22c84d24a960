package org.actionbench.baselines.common;

/**
 * The settings of prior preservation with class images the frozen model generates (DreamBooth, Custom
 * Diffusion): their records have these components, and equal {@link #classImageSource()}s share the images.
 */
public interface ClassImageSettings {
    boolean priorPreservation();

    int classImages();

    int classSamplingSteps();

    double classGuidance();

    long seed();

    /** What decides the class images besides the action (the directory they are kept in, who shares them). */
    default ClassImages.Source classImageSource() {
        return new ClassImages.Source(classImages(), new GeneratedImages.Sampler(classSamplingSteps(),
                (float) classGuidance()), seed());
    }
}
