package org.actionbench.reports;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.run.Verdict;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.xssf.model.SharedStringsTable;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The workbook's raw judgement sheets ("Judgements", then "Judgements 2", ... past Excel's row limit),
 * written as sheet XML straight into the package. POI holds every cell as an object (XSSF) or spools
 * every row through a temporary file (SXSSF); a million judgements took 23 s that way. Here the rest of the
 * workbook is built by POI with empty placeholder sheets, and while its package is copied to the output the
 * placeholders are replaced by rows made from the {@link JudgementTable}'s codes, every text a
 * shared-string index: the distinct texts are appended to POI's shared strings, each once.
 */
final class JudgementSheets {
    static final String[] HEADER = {"rater", "image", "method", "action", "subject", "group", "action_correct",
            "subject_correct"};
    private static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String SHARED_STRINGS = "xl/sharedStrings.xml";

    private final JudgementTable table;
    private final int rowsPerSheet;
    private final List<String> parts = new ArrayList<>();
    private int headerStyle;

    JudgementSheets(JudgementTable table, int rowsPerSheet) {
        this.table = table;
        this.rowsPerSheet = rowsPerSheet;
    }

    /** Adds the empty sheets whose XML {@link #writePackage} replaces. */
    void addPlaceholders(XSSFWorkbook wb, CellStyle header) {
        int sheets = Math.max(1, (table.size() + rowsPerSheet - 1) / rowsPerSheet);
        for (int k = 0; k < sheets; k++) {
            String part = wb.createSheet(k == 0 ? "Judgements" : "Judgements " + (k + 1)).getPackagePart()
                    .getPartName().getName();
            parts.add(part.substring(1)); // a zip entry name has no leading '/'
        }
        headerStyle = header.getIndex();
    }

    /** Copies POI's package {@code base} to {@code out} (left open), with the judgement rows and strings in. */
    void writePackage(byte[] base, SharedStringsTable baseStrings, OutputStream out) throws IOException {
        Strings strings = new Strings(baseStrings, table);
        ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller owns out
            }
        });
        // Fastest deflate level: the sheet XML is so repetitive that level 1 compresses it almost as well.
        zip.setLevel(Deflater.BEST_SPEED);
        int seen = 0;
        boolean sharedStringsSeen = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(base))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                int sheet = parts.indexOf(e.getName());
                if (sheet >= 0) {
                    writeSheet(sheet, strings, new Bytes(zip));
                    seen++;
                } else if (e.getName().equals(SHARED_STRINGS)) {
                    strings.write(new Bytes(zip), table, parts.size());
                    sharedStringsSeen = true;
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        if (seen != parts.size() || !sharedStringsSeen) {
            throw new IllegalStateException("workbook package lacks a placeholder sheet or the shared strings");
        }
        zip.finish();
        zip.close();
    }

    private void writeSheet(int sheet, Strings strings, Bytes b) throws IOException {
        int from = sheet * rowsPerSheet;
        int to = Math.min(table.size(), from + rowsPerSheet);
        b.ascii("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"")
                .ascii(MAIN_NS).ascii("\"><dimension ref=\"A1:H").number(to - from + 1)
                .ascii("\"/><sheetData><row r=\"1\">");
        for (int c = 0; c < HEADER.length; c++) {
            b.ascii("<c r=\"").ascii(String.valueOf((char) ('A' + c))).ascii("1\" s=\"").number(headerStyle)
                    .ascii("\" t=\"s\"><v>").number(strings.header + c).ascii("</v></c>");
        }
        b.ascii("</row>");
        for (int i = from, r = 2; i < to; i++, r++) {
            int image = table.imageOf(i);
            // Cells without "r": the schema makes it optional and readers place them left to right.
            b.ascii("<row r=\"").number(r).ascii("\">");
            cell(b, strings.texts + table.raterCode(i));
            cell(b, strings.images + image);
            cell(b, strings.texts + table.methodCode(image));
            cell(b, strings.texts + table.actionCode(image));
            cell(b, strings.texts + table.subjectCode(image));
            cell(b, strings.groups + table.group(image).ordinal());
            cell(b, strings.verdicts + table.actionVerdict(i).ordinal());
            cell(b, strings.verdicts + table.subjectVerdict(i).ordinal());
            b.ascii("</row>");
        }
        b.ascii("</sheetData></worksheet>").flush();
    }

    private static void cell(Bytes b, int sharedString) throws IOException {
        b.ascii("<c t=\"s\"><v>").number(sharedString).ascii("</v></c>");
    }

    /** Where each kind of text starts in the shared strings: POI's own first, then these, each block once. */
    private static final class Strings {
        final List<String> base = new ArrayList<>();
        final int header;
        final int groups;
        final int verdicts;
        final int texts;
        final int images;
        final int baseReferences;

        Strings(SharedStringsTable poi, JudgementTable table) {
            for (int i = 0; i < poi.getUniqueCount(); i++) {
                base.add(poi.getItemAt(i).getString());
            }
            baseReferences = poi.getCount();
            header = base.size();
            groups = header + HEADER.length;
            verdicts = groups + SubjectGroup.values().length;
            texts = verdicts + Verdict.values().length;
            images = texts + table.texts().size();
        }

        void write(Bytes b, JudgementTable table, int sheets) throws IOException {
            int unique = images + table.images();
            long references = baseReferences + (long) HEADER.length * (sheets + table.size());
            b.ascii("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"").ascii(MAIN_NS)
                    .ascii("\" count=\"").number(references).ascii("\" uniqueCount=\"").number(unique).ascii("\">");
            for (String s : base) {
                item(b, s);
            }
            for (String s : HEADER) {
                item(b, s);
            }
            for (SubjectGroup g : SubjectGroup.values()) {
                item(b, g.jsonName());
            }
            for (Verdict v : Verdict.values()) {
                item(b, v.csvName());
            }
            for (String s : table.texts()) {
                item(b, s);
            }
            for (int i = 0; i < table.images(); i++) {
                item(b, table.imageName(i));
            }
            b.ascii("</sst>").flush();
        }

        private static void item(Bytes b, String s) throws IOException {
            b.ascii("<si><t xml:space=\"preserve\">").text(s).ascii("</t></si>");
        }
    }

    /** Bytes into the zip through a buffer; markup is ASCII, text is escaped UTF-8. */
    private static final class Bytes {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int n;

        Bytes(OutputStream out) {
            this.out = out;
        }

        Bytes ascii(String s) throws IOException {
            int len = s.length();
            if (n + len > buffer.length) {
                flush();
            }
            for (int i = 0; i < len; i++) {
                buffer[n++] = (byte) s.charAt(i);
            }
            return this;
        }

        Bytes number(long v) throws IOException {
            if (n + 20 > buffer.length) {
                flush();
            }
            if (v == 0) {
                buffer[n++] = '0';
                return this;
            }
            int start = n;
            for (long x = v; x > 0; x /= 10) {
                buffer[n++] = (byte) ('0' + x % 10);
            }
            for (int i = start, j = n - 1; i < j; i++, j--) {
                byte t = buffer[i];
                buffer[i] = buffer[j];
                buffer[j] = t;
            }
            return this;
        }

        /**
         * XML text: markup characters as entities; control characters XML 1.0 cannot carry as Excel's
         * {@code _xHHHH_} escapes (as POI writes them).
         */
        Bytes text(String s) throws IOException {
            StringBuilder e = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '&' -> e.append("&amp;");
                    case '<' -> e.append("&lt;");
                    case '>' -> e.append("&gt;");
                    default -> {
                        if (c == '_' && looksLikeEscape(s, i)) {
                            e.append("_x005F_"); // a literal "_x0041_" must not read back as "A"
                        } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                            e.append(String.format("_x%04X_", (int) c));
                        } else {
                            e.append(c);
                        }
                    }
                }
            }
            byte[] utf8 = e.toString().getBytes(StandardCharsets.UTF_8);
            if (n + utf8.length > buffer.length) {
                flush();
            }
            if (utf8.length > buffer.length) {
                out.write(utf8);
            } else {
                System.arraycopy(utf8, 0, buffer, n, utf8.length);
                n += utf8.length;
            }
            return this;
        }

        /** "_xHHHH_" at {@code i}: what a reader would decode as an escaped character. */
        private static boolean looksLikeEscape(String s, int i) {
            if (i + 7 > s.length() || s.charAt(i + 1) != 'x' || s.charAt(i + 6) != '_') {
                return false;
            }
            for (int k = i + 2; k < i + 6; k++) {
                if (Character.digit(s.charAt(k), 16) < 0) {
                    return false;
                }
            }
            return true;
        }

        void flush() throws IOException {
            out.write(buffer, 0, n);
            n = 0;
        }
    }
}
