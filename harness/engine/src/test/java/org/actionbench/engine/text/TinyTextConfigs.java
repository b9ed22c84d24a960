package org.actionbench.engine.text;

import java.util.List;
import org.actionbench.engine.config.ClipTextConfig;

/** Tiny CLIP text configs for tests: the same classes as SD 2.1's text encoder at toy sizes. */
final class TinyTextConfigs {
    private TinyTextConfigs() {
    }

    static ClipTextConfig of(int vocab, int hidden, int inter, int layers, int heads, int positions, String act) {
        return new ClipTextConfig(List.of("CLIPTextModel"), vocab, hidden, inter, layers, heads, positions, act,
                1e-5, hidden, vocab - 2, vocab - 1, vocab - 1);
    }
}
