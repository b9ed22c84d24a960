package org.actionbench.baselines;

import java.util.ArrayList;
import java.util.List;
import org.actionbench.baselines.adi.Adi;
import org.actionbench.baselines.controlnet.PoseControlNet;
import org.actionbench.baselines.customdiffusion.CustomDiffusion;
import org.actionbench.baselines.dreambooth.DreamBooth;
import org.actionbench.baselines.promptplus.PromptPlus;
import org.actionbench.baselines.reversion.ReVersion;
import org.actionbench.baselines.sd.PlainStableDiffusion;
import org.actionbench.baselines.textualinversion.TextualInversion;
import org.actionbench.engine.method.Method;

/** Every compared method, in the order of the paper's Table 1 (ADI last). */
public final class Methods {
    private Methods() {
    }

    /** A fresh instance of each method: stable-diffusion, controlnet, dreambooth, textual-inversion, reversion,
     * custom-diffusion, p-plus, adi. */
    public static List<Method<?>> all() {
        return List.of(new PlainStableDiffusion(), new PoseControlNet(), new DreamBooth(), new TextualInversion(),
                new ReVersion(), new CustomDiffusion(), new PromptPlus(), new Adi());
    }

    /** The method with this id; an unknown id is an error naming it and the known ones. */
    public static Method<?> byId(String id) {
        List<String> ids = new ArrayList<>();
        for (Method<?> m : all()) {
            if (m.id().equals(id)) {
                return m;
            }
            ids.add(m.id());
        }
        throw new IllegalArgumentException("unknown method '" + id + "' (known: " + String.join(", ", ids) + ")");
    }
}
