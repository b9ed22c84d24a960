package org.actionbench.ui.admin;

import java.util.List;

/** Everything the admin dashboard shows. */
public record DashboardView(String username, String csrf, String notice, List<String> problems, String error,
        int ratersPerImage, int activeRaters, List<RunRow> runs, String scope, String scopeLabel, boolean poolable, List<RaterRow> raters, List<MethodRow> methods,
        List<AccuracyLine> accuracy, List<AgreementLine> agreement, String chartSvg, long judgements,
        List<StuckImage> stuck) {

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
