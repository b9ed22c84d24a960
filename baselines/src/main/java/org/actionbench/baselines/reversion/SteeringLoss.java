package org.actionbench.baselines.reversion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.actionbench.engine.nn.Functional;
import org.actionbench.engine.tokenizer.ClipTokenizer;

/**
 * ReVersion's relation-steering contrastive loss L_steer (Huang et al. 2023, §3.2; {@code calculate_steer_loss}
 * in its train.py), a multi-instance InfoNCE of the relation token against the token embeddings (the input
 * table, before the text encoder):
 * <pre>
 *   s_j = cos(v, e_j) / τ          e_j over positives P (words of the preposition basis) and negatives N
 *   L   = logsumexp_{j ∈ P ∪ N} s_j − logsumexp_{j ∈ P} s_j
 * </pre>
 * Positives: the tokens of {@code numPositives} prepositions drawn without replacement per training image.
 * Negatives: the other tokens of the batch's prompts, leaving out stop words, prepositions, the start / end
 * tokens and the placeholder. Padding is left out too: ReVersion ran SD 1.x, which pads with the end token;
 * SD 2.1 pads with "!", which would otherwise enter as dozens of negatives. Only v receives a gradient.
 */
public final class SteeringLoss {
    private final ClipTokenizer tokenizer;
    private final Set<Integer> excluded;
    private final int placeholderId;

    /** @param tokenizer the tokenizer with the placeholder added */
    public SteeringLoss(ClipTokenizer tokenizer, String placeholder) {
        this.tokenizer = tokenizer;
        this.placeholderId = tokenizer.tokenId(placeholder);
        Set<Integer> ex = new HashSet<>();
        List<String> words = new ArrayList<>(PrepositionBasis.STOP_WORDS);
        words.addAll(PrepositionBasis.PREPOSITIONS);
        for (int id : tokenizer.encode(String.join(" ", words))) {
            ex.add(id);
        }
        ex.add(tokenizer.bosId());
        ex.add(tokenizer.eosId());
        ex.add(tokenizer.padId());
        ex.add(placeholderId);
        this.excluded = ex;
    }

    /** The negative token ids of a batch of prompts, in prompt and position order (repeats kept, as in ReVersion). */
    public long[] negatives(List<String> prompts) {
        List<Long> out = new ArrayList<>();
        for (String p : prompts) {
            for (int id : tokenizer.encodeForModel(p)) {
                if (!excluded.contains(id)) {
                    out.add((long) id);
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The positive token ids: {@code perImage} prepositions drawn without replacement for each of {@code images}. */
    public long[] positives(int images, int perImage, RandomGenerator random) {
        List<Long> out = new ArrayList<>();
        for (int b = 0; b < images; b++) {
            List<String> pool = new ArrayList<>(PrepositionBasis.PREPOSITIONS);
            for (int k = 0; k < perImage; k++) {
                String word = pool.remove(random.nextInt(pool.size()));
                for (int id : tokenizer.encode(word)) {
                    if (id != tokenizer.bosId() && id != tokenizer.eosId() && id != tokenizer.padId()) {
                        out.add((long) id);
                    }
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * L_steer of the relation row v [1, d] against embedding rows of the positives [P, d] and negatives
     * [N, d]; differentiable in v only.
     */
    public static NDArray loss(NDArray relation, NDArray positives, NDArray negatives, float temperature) {
        NDArray all = positives.concat(negatives, 0).stopGradient();
        NDArray allUnit = all.div(rowNorms(all));
        NDArray relationUnit = relation.div(rowNorms(relation));
        NDArray logits = Functional.mulScalar(allUnit.matMul(relationUnit.transpose()), 1f / temperature); // [P+N, 1]
        long p = positives.getShape().get(0);
        NDArray positiveLogits = logits.get(new NDIndex(":" + p));
        return logSumExp(logits).sub(logSumExp(positiveLogits));
    }

    /** The embedding rows of {@code ids} in {@code table}, created in {@code m}. */
    public static NDArray rows(NDArray table, long[] ids, NDManager m) {
        return table.get(new NDIndex("{}", m.create(ids)));
    }

    /** max(‖x_i‖, 1e-12) per row, as F.normalize. */
    private static NDArray rowNorms(NDArray x) {
        NDArray norms = x.square().sum(new int[] {1}, true).sqrt();
        return norms.maximum(norms.getManager().create(1e-12f));
    }

    private static NDArray logSumExp(NDArray x) {
        // |cos / τ| ≤ 1 / τ (≈ 14 at τ = 0.07): exp cannot overflow, no max shift needed.
        return x.exp().sum().log();
    }
}
