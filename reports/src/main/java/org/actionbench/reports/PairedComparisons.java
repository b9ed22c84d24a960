package org.actionbench.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers, per method, how many images of each subject-action pair were totally correct, then compares one
 * reference method (the best, or one the reader names) with every other over the pairs both were judged on
 * ({@link PairedComparison#bootstrap}).
 */
final class PairedComparisons {
    /** The unit the bootstrap resamples: images of one pair share a prompt, so they are not independent. */
    record SubjectActionPair(String action, String subject) {
        /** Sorted, so the pairs come out in the same order every time and the draw is reproducible. */
        static final Comparator<SubjectActionPair> ORDER = Comparator.comparing(SubjectActionPair::action)
                .thenComparing(SubjectActionPair::subject);
    }

    /** Totally correct images and images of one method on one pair. */
    private static final class Count {
        long correct;
        long images;
    }

    private final Map<String, Map<SubjectActionPair, Count>> counts = new LinkedHashMap<>();

    void image(String method, String action, String subject, boolean totallyCorrect) {
        Count c = counts.computeIfAbsent(method, m -> new TreeMap<>(SubjectActionPair.ORDER))
                .computeIfAbsent(new SubjectActionPair(action, subject), p -> new Count());
        c.correct += totallyCorrect ? 1 : 0;
        c.images++;
    }

    /** {@code reference} against each other method, in the order of {@code methods}. */
    List<PairedComparison> againstEachOther(String reference, List<String> methods, int replicates, long seed) {
        List<PairedComparison> out = new ArrayList<>();
        Map<SubjectActionPair, Count> a = counts.get(reference);
        for (String other : methods) {
            if (other.equals(reference)) {
                continue;
            }
            Map<SubjectActionPair, Count> b = counts.get(other);
            List<SubjectActionPair> shared = new ArrayList<>(a.keySet());
            shared.retainAll(b.keySet());
            int p = shared.size();
            long[] ca = new long[p], na = new long[p], cb = new long[p], nb = new long[p];
            for (int i = 0; i < p; i++) {
                Count x = a.get(shared.get(i));
                Count y = b.get(shared.get(i));
                ca[i] = x.correct;
                na[i] = x.images;
                cb[i] = y.correct;
                nb[i] = y.images;
            }
            out.add(PairedComparison.bootstrap(reference, other, ca, na, cb, nb, replicates, seed));
        }
        return List.copyOf(out);
    }
}
