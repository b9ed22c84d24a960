package org.actionbench.ui.admin;

import java.util.List;
import java.util.Locale;
import org.actionbench.reports.Accuracy;
import org.actionbench.reports.AccuracyRow;
import org.actionbench.reports.Proportion;

/**
 * The accuracy table as a grouped bar chart (server-rendered SVG): per method, action / subject / total
 * accuracy by image with the 95% Wilson interval as a whisker.
 */
public final class AccuracyChart {
    private static final String[] SERIES = {"action", "subject", "total"};
    private static final String[] COLOURS = org.actionbench.reports.ChartPalette.cssColours();
    private static final int PLOT_HEIGHT = 200;
    private static final int TOP = 30;
    private static final int LEFT = 44;
    private static final int BAR = 18;
    private static final int GROUP_GAP = 26;

    private AccuracyChart() {
    }

    public static String svg(List<AccuracyRow> rows) {
        int groupWidth = SERIES.length * BAR + GROUP_GAP;
        int width = Math.max(LEFT + 3 * 80, LEFT + Math.max(1, rows.size()) * groupWidth + 10); // legend fits
        int height = TOP + PLOT_HEIGHT + 60;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"accuracy per method\" font-family=\"sans-serif\""
                + " font-size=\"11\">", width, height, width, height));
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = y(pct / 100.0);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>", LEFT, width - 10, y, y, LEFT - 4,
                    y + 4, pct));
        }
        for (int s = 0; s < SERIES.length; s++) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"17\">%s</text>", LEFT + s * 80, COLOURS[s], LEFT + s * 80 + 14, SERIES[s]));
        }
        for (int m = 0; m < rows.size(); m++) {
            AccuracyRow row = rows.get(m);
            Accuracy a = row.byImage();
            Proportion[] values = {a.action(), a.subject(), a.total()};
            int x0 = LEFT + m * groupWidth + GROUP_GAP / 2;
            for (int s = 0; s < SERIES.length; s++) {
                Proportion p = values[s];
                if (p.total() == 0) {
                    continue;
                }
                double top = y(p.fraction());
                int x = x0 + s * BAR;
                b.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-method=\"%s\" data-series=\"%s\""
                                + " data-percent=\"%s\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s %s %s%% %s</title></rect>", escape(row.method()), SERIES[s],
                        p.percentText(), x, top, BAR - 2, y(0) - top, COLOURS[s], escape(row.method()), SERIES[s],
                        p.percentText(), p.intervalText()));
                double cx = x + (BAR - 2) / 2.0;
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\""
                        + " stroke=\"#222\"/>", cx, cx, y(p.wilsonLow()), y(p.wilsonHigh())));
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x0 + SERIES.length * BAR / 2.0, TOP + PLOT_HEIGHT + 16, escape(row.method())));
        }
        return b.append("</svg>").toString();
    }

    private static double y(double fraction) {
        return TOP + PLOT_HEIGHT * (1 - fraction);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
