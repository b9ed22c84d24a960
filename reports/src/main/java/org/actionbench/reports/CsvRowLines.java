package org.actionbench.reports;

import java.util.Arrays;

/**
 * The line each data row of an already-validated judgement CSV starts on, so that checks made after
 * {@code JudgementCsv.read} (duplicates, inconsistent images) name the line as its own errors do. Follows
 * the reader's rules: RFC 4180 quotes may span lines, "\r\n", "\n" and a lone "\r" end a row, blank rows are
 * skipped, the header is row 1.
 */
final class CsvRowLines {
    private CsvRowLines() {
    }

    static int[] of(String text) {
        int[] lines = new int[1024];
        int rows = 0;
        int line = 1;
        int rowStart = 1;
        int rowLength = 0;
        boolean quoted = false;
        boolean header = true;
        int i = 0;
        int n = text.length();
        while (i <= n) {
            char c = i < n ? text.charAt(i) : '\n';
            boolean end = i == n;
            i++;
            if (quoted) {
                if (c == '"') {
                    quoted = false; // a doubled quote closes and reopens: the state comes back on the next '"'
                } else if (c == '\n') {
                    line++;
                }
                rowLength++;
                continue;
            }
            if (c == '"') {
                quoted = true;
                rowLength++;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i < n && text.charAt(i) == '\n') {
                    i++;
                }
                if (header) {
                    header = false;
                } else if (rowLength > 0) {
                    if (rows == lines.length) {
                        lines = Arrays.copyOf(lines, rows * 2);
                    }
                    lines[rows++] = rowStart;
                }
                if (end) {
                    break;
                }
                line++;
                rowStart = line;
                rowLength = 0;
            } else {
                rowLength++;
            }
        }
        return Arrays.copyOf(lines, rows);
    }
}
