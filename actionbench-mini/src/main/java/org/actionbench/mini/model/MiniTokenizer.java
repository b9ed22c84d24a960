package org.actionbench.mini.model;

import java.util.ArrayList;
import java.util.List;
import org.actionbench.mini.world.Captions;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.CastMember;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.mini.world.SceneKind;
import org.actionbench.engine.tokenizer.BpeTrainer;
import org.actionbench.engine.tokenizer.ClipTokenizer;

/**
 * The mini model's own CLIP-style tokenizer, learned from the ActionBench-Mini world's text: every
 * caption the corpus can produce (with and without action words) and every action's description. The
 * world's words are few, so nearly every word ends up one token, as common words are in CLIP.
 */
public final class MiniTokenizer {
    /** Sequence length: the longest world caption is ~20 tokens; 32 leaves room for placeholders. */
    public static final int MAX_LENGTH = 32;
    static final int MAX_MERGES = 2000;
    static final int MIN_FREQUENCY = 2;

    private MiniTokenizer() {
    }

    /** The texts the tokenizer is learned from, in a fixed order. */
    public static List<String> corpus() {
        List<String> texts = new ArrayList<>();
        for (CastMember who : Cast.all()) {
            for (SceneKind where : SceneKind.values()) {
                texts.add(Captions.withoutAction(who.text(), where));
                for (PoseFamily action : PoseFamily.values()) {
                    texts.add(Captions.full(who.text(), action, where));
                }
            }
        }
        for (PoseFamily action : PoseFamily.values()) {
            texts.add(action.description());
            texts.add(action.displayName());
        }
        return texts;
    }

    public static ClipTokenizer train() {
        return BpeTrainer.train(corpus(), MAX_MERGES, MIN_FREQUENCY, MAX_LENGTH);
    }
}
