package org.actionbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Rater agreement on one question ("action" or "subject") over all images, with yes, no and unsure as three
 * nominal categories (an unsure is an answer raters can agree or disagree on, not missing data).
 * {@code fleissKappa} is empty when not every image has the same number (≥ 2) of raters; {@code note} says
 * why whenever a coefficient is empty.
 */
public record AgreementRow(String question, int images, int pairableImages, int minRaters, int maxRaters,
        OptionalDouble fleissKappa, OptionalDouble krippendorffAlpha, String note) {

    /** One question's row from its per-image counts ({@code [image][verdict]}); the note says what is missing. */
    static AgreementRow of(String question, int[][] counts) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        int pairable = 0;
        for (int[] c : counts) {
            int n = c[0] + c[1] + c[2];
            min = Math.min(min, n);
            max = Math.max(max, n);
            pairable += n >= 2 ? 1 : 0;
        }
        if (counts.length == 0) {
            min = 0;
        }
        OptionalDouble kappa = Agreement.fleissKappa(counts);
        OptionalDouble alpha = Agreement.krippendorffAlphaNominal(counts);
        List<String> notes = new ArrayList<>();
        if (kappa.isEmpty()) {
            notes.add(min != max ? "Fleiss' kappa not applicable: images have " + min + " to " + max + " raters"
                    : max < 2 ? "Fleiss' kappa not applicable: one rater per image"
                    : "Fleiss' kappa undefined: every answer is the same");
        }
        if (alpha.isEmpty()) {
            notes.add(pairable == 0 ? "Krippendorff's alpha undefined: no image has two raters"
                    : "Krippendorff's alpha undefined: every answer is the same");
        }
        return new AgreementRow(question, counts.length, pairable, min, max, kappa, alpha, String.join("; ", notes));
    }
}
