package org.actionbench.engine.schedulers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.actionbench.engine.config.SchedulerConfig;
import org.junit.jupiter.api.Test;

class NoiseScheduleFromConfigTest {

    @Test
    void sd21BasePublishedConfigIsTheSd21Schedule() throws Exception {
        SchedulerConfig c = SchedulerConfig.read(Path.of("src/test/resources/config/sd21-base/scheduler/scheduler_config.json"));
        assertEquals(NoiseSchedule.sd21Base(), NoiseSchedule.fromConfig(c));
        DdimScheduler ddim = new DdimScheduler(NoiseSchedule.fromConfig(c));
        ddim.setTimesteps(50);
        assertEquals(981, ddim.timesteps()[0]);
        assertEquals(1, ddim.timesteps()[49]);
    }

    @Test
    void vPredictionTrailingAndTrainedBetasAreCarriedOver() throws Exception {
        SchedulerConfig c = SchedulerConfig.parse("""
                {"_class_name": "DDIMScheduler", "num_train_timesteps": 4, "trained_betas": [0.1, 0.2, 0.5, 0.75],
                 "prediction_type": "v_prediction", "timestep_spacing": "trailing", "steps_offset": 0,
                 "clip_sample": false}""");
        NoiseSchedule s = NoiseSchedule.fromConfig(c);
        assertEquals(PredictionType.V_PREDICTION, s.predictionType());
        assertEquals(TimestepSpacing.TRAILING, s.timestepSpacing());
        // ᾱ = 0.9, 0.9·0.8, ·0.5, ·0.25
        float[] a = s.alphasCumprod();
        assertEquals(0.9f, a[0], 1e-7f);
        assertEquals(0.09f, a[3], 1e-7f);
    }

    @Test
    void unsupportedOptionsAreRejectedByName() throws Exception {
        SchedulerConfig thresholding = SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\", \"thresholding\": true}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.fromConfig(thresholding));
        assertTrue(e.getMessage().contains("thresholding"), e.getMessage());
        SchedulerConfig zeroSnr = SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\", \"rescale_betas_zero_snr\": true}");
        e = assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.fromConfig(zeroSnr));
        assertTrue(e.getMessage().contains("rescale_betas_zero_snr"), e.getMessage());
    }
}
