package org.actionbench.engine.config;

import static org.actionbench.engine.config.ConfigAssertions.readFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerConfigTest {
    @TempDir
    Path dir;

    /** diffusers' DDIMScheduler.__init__ defaults, listed by hand. */
    @Test
    void absentFieldsTakeDdimDefaults() throws IOException {
        SchedulerConfig s = SchedulerConfig.parse("{}");
        assertEquals("DDIMScheduler", s.className());
        assertEquals(1000, s.numTrainTimesteps());
        assertEquals(0.0001, s.betaStart());
        assertEquals(0.02, s.betaEnd());
        assertEquals("linear", s.betaSchedule());
        assertNull(s.trainedBetas());
        assertEquals("epsilon", s.predictionType());
        assertEquals(0, s.stepsOffset());
        assertEquals("leading", s.timestepSpacing());
        assertTrue(s.setAlphaToOne());
        assertTrue(s.clipSample());
        assertEquals(1.0, s.clipSampleRange());
        assertFalse(s.thresholding());
        assertEquals(0.995, s.dynamicThresholdingRatio());
        assertEquals(1.0, s.sampleMaxValue());
        assertFalse(s.rescaleBetasZeroSnr());
        assertNull(s.skipPrkSteps());
    }

    @Test
    void trainedBetasAndRoundTrip() throws IOException {
        SchedulerConfig s = SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\", \"num_train_timesteps\": 3,"
                + " \"trained_betas\": [0.1, 0.2, 0.3], \"prediction_type\": \"v_prediction\", \"timestep_spacing\": \"trailing\"}");
        assertEquals(List.of(0.1, 0.2, 0.3), s.trainedBetas());
        Path f = dir.resolve("scheduler/scheduler_config.json");
        s.write(f);
        assertEquals(s, SchedulerConfig.read(f));
        SchedulerConfig ddim = SchedulerConfig.parse("{\"_class_name\": \"PNDMScheduler\"}").withClassName("DDIMScheduler");
        assertEquals("DDIMScheduler", ddim.className());
    }

    @Test
    void errorsAreNamed() throws IOException {
        readFails(dir, SchedulerConfig::read, "{\"beta_schedule\": \"cosine\"}", "field 'beta_schedule'", "\"cosine\"");
        readFails(dir, SchedulerConfig::read, "{\"prediction_type\": \"eps\"}", "field 'prediction_type'");
        readFails(dir, SchedulerConfig::read, "{\"timestep_spacing\": 1}", "field 'timestep_spacing'", "a string");
        readFails(dir, SchedulerConfig::read, "{\"num_train_timesteps\": 4, \"trained_betas\": [0.1]}",
                "field 'trained_betas'", "1 entries");
        readFails(dir, SchedulerConfig::read, "{\"beta_end\": 1.5}", "field 'beta_end'");
        readFails(dir, SchedulerConfig::read, "{\"steps_offset\": -1}", "field 'steps_offset'");
    }
}
