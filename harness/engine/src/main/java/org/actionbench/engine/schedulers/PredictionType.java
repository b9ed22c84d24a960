package org.actionbench.engine.schedulers;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the denoising network outputs: diffusers' {@code prediction_type}. */
public enum PredictionType {
    /** The noise ε that was added (DDPM; Stable Diffusion 1.x and 2.1-base). */
    EPSILON("epsilon"),
    /** v = √ᾱ_t ε − √(1−ᾱ_t) x0 (Salimans &amp; Ho 2022, progressive distillation; Stable Diffusion 2.1-768). */
    V_PREDICTION("v_prediction"),
    /** The clean sample x0 itself. */
    SAMPLE("sample");

    private final String configName;

    PredictionType(String configName) {
        this.configName = configName;
    }

    /** The name diffusers writes in {@code scheduler_config.json}. */
    public String configName() {
        return configName;
    }

    /** Parses diffusers' {@code prediction_type} value. */
    public static PredictionType fromConfig(String name) {
        for (PredictionType p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("prediction_type: unknown value '" + name + "' (expected one of "
                + Arrays.stream(values()).map(PredictionType::configName).collect(Collectors.joining(", ")) + ")");
    }
}
