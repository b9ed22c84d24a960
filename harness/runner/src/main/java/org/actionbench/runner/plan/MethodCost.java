package org.actionbench.runner.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one method entry of a plan costs, measured by running its own training and sampling code on the real
 * model for a few steps (exec {@code CostProbes}): the cost of a probe cell with {@code probeCounts} (the
 * training steps and every set-up count at a small value, no images), the extra cost of one more unit of each
 * count, and the cost of one sampled image. A cell of the plan then costs the probe plus (its count − the
 * probe's count) units of each count plus its images: work linear in the steps, the generated class images,
 * ADI's one-shot DreamBooth steps and its generated action-different images, and the sampled images, which is
 * how the methods' loops are built (a step's work does not depend on the step number).
 *
 * @param probe the probe cell's training: set-up, {@code probeCounts} of each count, artifact written and read
 * @param probeCounts each count setting's value in the probe
 * @param perUnit the cost of one more unit of each count setting (same keys as {@code probeCounts})
 * @param perImage one sampled image (DDIM steps with guidance, control, VAE decode, text encoding, PNG)
 */
public record MethodCost(Cost probe, Map<String, Integer> probeCounts, Map<String, Cost> perUnit, Cost perImage) {
    /**
     * The settings whose value the work of a training grows with linearly (a setting a method does not have
     * is skipped): its optimisation steps; DreamBooth's and Custom Diffusion's generated class images; ADI's
     * one-shot DreamBooth steps per exemplar and the action-different images generated per exemplar.
     */
    public static final List<String> COUNT_SETTINGS = List.of("steps", "classImages", "dreamboothSteps",
            "actionDifferentPerExemplar");

    public MethodCost {
        probeCounts = Map.copyOf(probeCounts);
        perUnit = Map.copyOf(perUnit);
        if (!probeCounts.keySet().equals(perUnit.keySet())) {
            throw new IllegalArgumentException("counts " + probeCounts.keySet() + " but unit costs for "
                    + perUnit.keySet());
        }
    }

    /** The count settings of {@code method} and their values, in {@link #COUNT_SETTINGS} order. */
    public static Map<String, Integer> counts(PlannedMethod<?> method) {
        Map<String, Object> settings = method.recordedSettings();
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String key : COUNT_SETTINGS) {
            if (settings.get(key) instanceof Integer value) {
                out.put(key, value);
            }
        }
        return out;
    }

    /** The training (set-up included) of a cell whose settings have {@code counts}. */
    public Cost training(Map<String, Integer> counts) {
        if (!counts.keySet().equals(probeCounts.keySet())) {
            throw new IllegalArgumentException("counts " + counts.keySet() + " but measured " + probeCounts.keySet());
        }
        Cost total = probe;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            total = total.plus(perUnit.get(e.getKey()).times(e.getValue() - probeCounts.get(e.getKey())));
        }
        return total;
    }

    /** Sampling {@code images} images. */
    public Cost sampling(int images) {
        return perImage.times(images);
    }
}
