package org.actionbench.reports;

import java.util.List;

/**
 * The colours of the accuracy chart's three series (action, subject, total), shared by the Excel chart
 * ({@link ReportWorkbook}) and the annotation UI's SVG chart so the two read alike. Blue, orange and bluish
 * green from Okabe and Ito's palette ("Color Universal Design", 2008), chosen to stay distinct for the
 * common colour-vision deficiencies and in greyscale print (their lightness differs).
 */
public final class ChartPalette {
    /** The series, in chart order. */
    public static final List<String> SERIES = List.of("action", "subject", "total");
    private static final List<String> HEX = List.of("0072B2", "E69F00", "009E73");

    private ChartPalette() {
    }

    /** CSS colours ("#0072b2", ...) in {@link #SERIES} order; a fresh array each call. */
    public static String[] cssColours() {
        return HEX.stream().map(h -> "#" + h.toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
    }

    /** The series' colour as 3 bytes (red, green, blue), as a chart's solid fill takes it. */
    static byte[] rgb(int series) {
        int v = Integer.parseInt(HEX.get(series), 16);
        return new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    /** "0072B2": the hex form a chart's {@code a:srgbClr} carries. */
    static String hex(int series) {
        return HEX.get(series);
    }
}
