package org.actionbench.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SettingsRecords;
import org.actionbench.engine.method.TrainingSettings;
import org.junit.jupiter.api.Test;

class MethodsTest {
    static final List<String> IDS = List.of("stable-diffusion", "controlnet", "dreambooth", "textual-inversion",
            "reversion", "custom-diffusion", "p-plus", "adi");

    @Test
    void allInTableOrderAndByIdAndAsServices() {
        assertEquals(IDS, Methods.all().stream().map(Method::id).toList());
        for (String id : IDS) {
            assertEquals(id, Methods.byId(id).id());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Methods.byId("lora"));
        assertTrue(e.getMessage().contains("'lora'") && e.getMessage().contains("p-plus, adi"), e.getMessage());
        List<String> services = new ArrayList<>();
        ServiceLoader.load(Method.class).forEach(m -> services.add(m.id()));
        assertEquals(IDS, services);
    }

    @Test
    void defaultsResolveAndReResolveToThemselves() {
        for (Method<?> m : Methods.all()) {
            Map<String, Object> resolved = resolve(m, Map.of());
            assertEquals(resolved, resolve(m, resolved), m.id());
        }
    }

    @Test
    void withSeedChangesTheSeedAndNothingElse() {
        int training = 0;
        for (Method<?> m : Methods.all()) {
            if (m.defaults() instanceof TrainingSettings<?> defaults) {
                training++;
                Map<String, Object> expected = SettingsRecords.toMap((Record) defaults);
                expected.put("seed", 12345L);
                assertEquals(expected, SettingsRecords.toMap((Record) defaults.withSeed(12345L)), m.id());
                assertEquals(defaults.steps(), expected.get("steps"), m.id());
                assertEquals(defaults.checkpointEvery(), expected.get("checkpointEvery"), m.id());
            }
        }
        assertEquals(6, training, "every method but Stable Diffusion and ControlNet trains");
    }

    @Test
    void publishedDefaults() {
        Map<String, Object> adi = resolve(Methods.byId("adi"), Map.of());
        assertEquals(0.6, adi.get("beta"));
        assertEquals(2e-4, adi.get("learningRate"));
        assertEquals(3000, adi.get("steps"));
        assertEquals(2000, adi.get("dreamboothSteps"));
        assertEquals(1e-6, adi.get("dreamboothLearningRate"));
        assertEquals("intersection", adi.get("merge"));
        assertEquals("gradient-invariance", adi.get("strategy"));
        Map<String, Object> reversion = resolve(Methods.byId("reversion"), Map.of());
        assertEquals(0.01, reversion.get("steerWeight"));
        assertEquals(0.07, reversion.get("temperature"));
        assertEquals(5e-6, resolve(Methods.byId("dreambooth"), Map.of()).get("learningRate"));
        assertEquals(1e-5, resolve(Methods.byId("custom-diffusion"), Map.of()).get("learningRate"));
        assertEquals(3000, resolve(Methods.byId("textual-inversion"), Map.of()).get("steps"));
        assertEquals(0.5, resolve(Methods.byId("textual-inversion"), Map.of()).get("flipProbability"));
        Map<String, Object> customDiffusion = resolve(Methods.byId("custom-diffusion"), Map.of());
        assertEquals(true, customDiffusion.get("priorPreservation"));
        assertEquals(200, customDiffusion.get("classImages"));
        assertEquals("subject", resolve(Methods.byId("controlnet"), Map.of()).get("prompt"));
    }

    @Test
    void overridesAreTypedAndBadOnesNameTheKey() {
        Method<?> adi = Methods.byId("adi");
        Map<String, Object> s = resolve(adi, Map.of("steps", 10L, "beta", "0.4", "merge", "union",
                "layerWise", "false", "actionDifferentImages", "/data/ad"));
        assertEquals(10, s.get("steps"));
        assertEquals(0.4, s.get("beta"));
        assertEquals("union", s.get("merge"));
        assertEquals(false, s.get("layerWise"));
        assertEquals("/data/ad", s.get("actionDifferentImages"));
        assertMessage(adi, Map.of("stepz", 3), "stepz");
        assertMessage(adi, Map.of("beta", 1.5), "beta");
        assertMessage(adi, Map.of("steps", 2.5), "steps");
        assertMessage(adi, Map.of("steps", 0), "steps");
        assertMessage(adi, Map.of("strategy", "median"), "strategy");
        assertMessage(adi, Map.of("layerWise", "maybe"), "layerWise");
        assertMessage(Methods.byId("textual-inversion"), Map.of("learningRate", "fast"), "learningRate");
        assertMessage(Methods.byId("dreambooth"), Map.of("identifier", "two words"), "identifier");
        assertMessage(Methods.byId("stable-diffusion"), Map.of("steps", 1), "steps");
    }

    /** What run.json records for {@code overrides}: the record the runner resolves, as a map. */
    private static Map<String, Object> resolve(Method<?> m, Map<String, Object> overrides) {
        return SettingsRecords.toMap(SettingsRecords.apply(m.defaults(), overrides));
    }

    private static void assertMessage(Method<?> m, Map<String, Object> overrides, String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(m, overrides));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    }
}
