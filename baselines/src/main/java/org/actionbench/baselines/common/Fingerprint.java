package org.actionbench.baselines.common;

import java.util.LinkedHashMap;
import java.util.Map;
import org.actionbench.engine.method.SettingsRecords;

/**
 * What identifies a training for its checkpoint: the method and every setting that changes the result.
 * The step count and checkpoint interval are left out, so a run can be resumed with more steps.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static Map<String, String> of(String method, Record settings) {
        Map<String, Object> kept = SettingsRecords.toMap(settings);
        kept.remove("steps");
        kept.remove("checkpointEvery");
        Map<String, String> out = new LinkedHashMap<>();
        out.put("method", method);
        out.put("settings", kept.toString());
        return out;
    }
}
