package org.actionbench.engine.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learns a byte-level BPE vocabulary from a corpus, the way CLIP's was built: words are split as the
 * tokenizer splits them, written in byte symbols with the last symbol marked end-of-word, and the most
 * frequent adjacent pair (counted over words, weighted by how often each word occurs) is merged, again
 * and again. Ties go to the lexicographically smallest pair, so the same corpus always gives the same
 * files. The bundled mini model's tokenizer comes from here, trained on its world's captions.
 */
public final class BpeTrainer {
    private BpeTrainer() {
    }

    /**
     * @param maxMerges at most this many merges (fewer when no pair occurs {@code minFrequency} times)
     * @param maxLength the sequence length of the resulting tokenizer (the text encoder's positions)
     */
    public static ClipTokenizer train(Iterable<String> texts, int maxMerges, int minFrequency, int maxLength) {
        if (maxMerges < 0 || minFrequency < 1 || maxLength < 3) {
            throw new IllegalArgumentException("need maxMerges >= 0, minFrequency >= 1, maxLength >= 3; got "
                    + maxMerges + ", " + minFrequency + ", " + maxLength);
        }
        Map<String, Integer> wordCounts = new HashMap<>();
        for (String text : texts) {
            for (String piece : ClipText.preTokens(ClipText.clean(text))) {
                wordCounts.merge(ByteUnicode.encode(piece), 1, Integer::sum);
            }
        }
        List<List<String>> words = new ArrayList<>(wordCounts.size());
        List<Integer> counts = new ArrayList<>(wordCounts.size());
        // Sorted so the pair counts below are summed in one fixed order.
        for (Map.Entry<String, Integer> e : new TreeMap<>(wordCounts).entrySet()) {
            words.add(symbols(e.getKey()));
            counts.add(e.getValue());
        }
        List<String[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            TreeMap<String, Integer> pairs = new TreeMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> word = words.get(w);
                for (int i = 0; i + 1 < word.size(); i++) {
                    pairs.merge(word.get(i) + ' ' + word.get(i + 1), counts.get(w), Integer::sum);
                }
            }
            String best = null;
            int bestCount = minFrequency - 1;
            for (Map.Entry<String, Integer> e : pairs.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best == null) {
                break;
            }
            String[] pair = best.split(" ");
            merges.add(pair);
            for (int w = 0; w < words.size(); w++) {
                words.set(w, apply(words.get(w), pair[0], pair[1]));
            }
        }
        return ClipTokenizer.of(BpeModel.fromMerges(merges), maxLength);
    }

    private static List<String> symbols(String encoded) {
        List<String> out = new ArrayList<>(encoded.length());
        for (int i = 0; i < encoded.length() - 1; i++) {
            out.add(String.valueOf(encoded.charAt(i)));
        }
        out.add(encoded.charAt(encoded.length() - 1) + BpeModel.END_OF_WORD);
        return out;
    }

    private static List<String> apply(List<String> word, String first, String second) {
        List<String> out = new ArrayList<>(word.size());
        for (int i = 0; i < word.size(); ) {
            if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                out.add(first + second);
                i += 2;
            } else {
                out.add(word.get(i));
                i++;
            }
        }
        return out;
    }
}
