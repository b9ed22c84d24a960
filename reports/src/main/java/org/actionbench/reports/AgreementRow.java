package org.actionbench.reports;

import java.util.OptionalDouble;

/**
 * Rater agreement on one question ("action" or "subject") over all images, with yes, no and unsure as three
 * nominal categories (an unsure is an answer raters can agree or disagree on, not missing data).
 * {@code fleissKappa} is empty when not every image has the same number (≥ 2) of raters; {@code note} says
 * why whenever a coefficient is empty.
 */
public record AgreementRow(String question, int images, int pairableImages, int minRaters, int maxRaters,
        OptionalDouble fleissKappa, OptionalDouble krippendorffAlpha, String note) {
}
