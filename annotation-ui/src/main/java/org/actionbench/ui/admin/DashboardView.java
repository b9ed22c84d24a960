package org.actionbench.ui.admin;

import java.util.List;

/** Everything the admin dashboard shows. */
public record DashboardView(String username, String csrf, String notice, List<String> problems, String error,
        int ratersPerImage, int activeRaters, List<RunRow> runs, String scope, String scopeLabel, boolean poolable, List<RaterRow> raters, List<MethodRow> methods,
        List<AccuracyLine> accuracy, List<AgreementLine> agreement, String chartSvg, long judgements,
        List<StuckImage> stuck, Overall overall, List<FlaggedImage> flagged) {

    /** An image a rater flagged as broken (not a judgement). */
    public record FlaggedImage(String publicId, String run, String file, String method, String rater, String at) {
    }

    /** More than one run: the dashboard offers a choice; with one there is nothing to choose. */
    public boolean severalRuns() {
        return runs.size() > 1;
    }

    /** Judgements done of those needed: every image of the scope judged by k raters (or every active one). */
    public record Overall(long done, long needed) {
        public String percent() {
            return needed == 0 ? "100.0" : String.format(java.util.Locale.ROOT, "%.1f", 100.0 * done / needed);
        }
    }

    /** An image whose slot the database keeps locked with no request holding it (see LockedImages). */
    public record StuckImage(String run, String file, String method, int timeouts, String since) {
    }

    /** {@code selected}: the run the page shows now. */
    public record RunRow(long id, String label, String path, String benchPath, long images, String importedAt,
            boolean selected) {
    }

    public record RaterRow(long id, String username, String role, boolean active, long judged, long open) {
    }

    /** {@code complete}: images with as many judgements as k and the active raters allow. */
    public record MethodRow(String method, long images, long judgements, long complete) {
    }

    public record AccuracyLine(String method, long images, String action, String actionInterval, String subject,
            String subjectInterval, String total, String totalInterval, long judgements, String totalPerJudgement) {
    }

    public record AgreementLine(String question, int images, int pairableImages, String fleissKappa,
            String krippendorffAlpha, String note) {
    }
}
