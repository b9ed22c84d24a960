package org.actionbench.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.data.run.Judgement;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The Excel rendering of a {@link Report}. The small first sheet ("Table 1", laid out like the paper's
 * table, with its bar chart) is built in an ordinary {@link XSSFWorkbook}, because SXSSF cannot draw
 * charts; the workbook is then wrapped in an {@link SXSSFWorkbook} that streams every further sheet to
 * disk a window of rows at a time, so a million judgements do not need a million rows on the heap.
 * Percentages are stored as numbers (format 0.00), so the cells are the computed values, not their text.
 */
public final class ReportWorkbook {
    public static final String TABLE_SHEET = "Table 1";
    /** Excel's row limit less the header; further judgements continue on "Judgements 2", "Judgements 3", ... */
    static final int JUDGEMENT_ROWS_PER_SHEET = 1_048_575;

    /** Table 1's columns; the first four are the paper's. */
    static final String[] TABLE_HEADER = {"Method", "Action", "Subject", "Total", "Images", "Action correct",
            "Subject correct", "Total correct", "Action 95% low", "Action 95% high", "Subject 95% low",
            "Subject 95% high", "Total 95% low", "Total 95% high", "Action undecided", "Subject undecided"};

    private ReportWorkbook() {
    }

    static void write(Report report, Path out) throws IOException {
        write(report, out, JUDGEMENT_ROWS_PER_SHEET);
    }

    /** {@code judgementRowsPerSheet} is smaller only in tests, to see the spill-over without a million rows. */
    static void write(Report report, Path out, int judgementRowsPerSheet) throws IOException {
        AtomicFiles.write(out, tmp -> {
            XSSFWorkbook base = new XSSFWorkbook();
            SXSSFWorkbook wb = null;
            try {
                Styles styles = new Styles(base);
                XSSFSheet table = base.createSheet(TABLE_SHEET);
                writeTable(table, report, styles);
                wb = new SXSSFWorkbook(base, 200);
                writeBreakdown(wb.createSheet("Per method"), "", report.byMethod(), true, styles);
                writeBreakdown(wb.createSheet("Per action"), "Action", report.byAction(), true, styles);
                writeBreakdown(wb.createSheet("Per group"), "Group", report.byGroup(), true, styles);
                writeBreakdown(wb.createSheet("Per rater"), "Rater", report.byRater(), false, styles);
                writeAgreement(wb.createSheet("Agreement"), report.agreement(), styles);
                writeComparisons(wb.createSheet("Comparison"), report.comparisons(), styles);
                writeJudgements(wb, report.judgements(), judgementRowsPerSheet, styles);
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    wb.write(os);
                }
            } finally {
                if (wb != null) {
                    wb.close(); // also removes SXSSF's temporary sheet files
                } else {
                    base.close();
                }
            }
        });
    }

    private static final class Styles {
        final CellStyle header;
        final CellStyle percent;
        final CellStyle ratio;

        Styles(XSSFWorkbook wb) {
            header = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            header.setFont(bold);
            percent = wb.createCellStyle();
            percent.setDataFormat(wb.createDataFormat().getFormat("0.00"));
            ratio = wb.createCellStyle();
            ratio.setDataFormat(wb.createDataFormat().getFormat("0.000"));
        }
    }

    private static void writeTable(XSSFSheet sheet, Report report, Styles styles) {
        header(sheet.createRow(0), TABLE_HEADER, styles);
        List<AccuracyRow> rows = report.byMethod();
        for (int i = 0; i < rows.size(); i++) {
            Accuracy a = rows.get(i).byImage();
            Row row = sheet.createRow(i + 1);
            row.createCell(0).setCellValue(rows.get(i).method());
            percent(row, 1, a.action().percent(), styles);
            percent(row, 2, a.subject().percent(), styles);
            percent(row, 3, a.total().percent(), styles);
            row.createCell(4).setCellValue(a.total().total());
            row.createCell(5).setCellValue(a.action().correct());
            row.createCell(6).setCellValue(a.subject().correct());
            row.createCell(7).setCellValue(a.total().correct());
            int c = 8;
            for (Proportion p : List.of(a.action(), a.subject(), a.total())) {
                percent(row, c++, 100 * p.wilsonLow(), styles);
                percent(row, c++, 100 * p.wilsonHigh(), styles);
            }
            row.createCell(14).setCellValue(a.actionUnsure());
            row.createCell(15).setCellValue(a.subjectUnsure());
        }
        int note = rows.size() + 2;
        sheet.createRow(note).createCell(0).setCellValue("Accuracy (%) per image by majority vote of its raters; "
                + "a tie or all-unsure vote counts as not correct. Totally correct = action and subject both correct.");
        sheet.createRow(note + 1).createCell(0).setCellValue("Best method (highest total): " + report.best()
                + ". 95% Wilson intervals; paired bootstrap comparisons on the Comparison sheet.");
        sheet.setColumnWidth(0, 24 * 256);
        if (!rows.isEmpty()) {
            chart(sheet, rows.size(), note + 3);
        }
    }

    /** A clustered column chart of Action, Subject and Total per method, below the table. */
    private static void chart(XSSFSheet sheet, int methods, int top) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, 0, top, 9, top + 22));
        chart.setTitleText("Accuracy (%) per method");
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis y = chart.createValueAxis(AxisPosition.LEFT);
        y.setCrosses(AxisCrosses.AUTO_ZERO);
        y.setMinimum(0);
        y.setMaximum(100);
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, x, y);
        data.setBarDirection(BarDirection.COL);
        data.setVaryColors(false);
        XDDFCategoryDataSource names = XDDFDataSourcesFactory.fromStringCellRange(sheet,
                new CellRangeAddress(1, methods, 0, 0));
        for (int col = 1; col <= 3; col++) {
            var series = data.addSeries(names, XDDFDataSourcesFactory.fromNumericCellRange(sheet,
                    new CellRangeAddress(1, methods, col, col)));
            series.setTitle(TABLE_HEADER[col], new CellReference(sheet.getSheetName(), 0, col, true, true));
        }
        chart.plot(data);
    }

    private static final String[] PARTS = {"Action", "Subject", "Total"};

    private static void writeBreakdown(Sheet sheet, String keyName, List<AccuracyRow> rows, boolean byImage,
            Styles styles) {
        Row h = sheet.createRow(0);
        int c = 0;
        h.createCell(c++).setCellValue("Method");
        if (!keyName.isEmpty()) {
            h.createCell(c++).setCellValue(keyName);
        }
        if (byImage) {
            c = accuracyHeader(h, c, "Images", "", "undecided");
        }
        accuracyHeader(h, c, "Judgements", byImage ? " (judgements)" : "", "unsure");
        for (Cell cell : h) {
            cell.setCellStyle(styles.header);
        }
        int r = 1;
        for (AccuracyRow row : rows) {
            Row x = sheet.createRow(r++);
            c = 0;
            x.createCell(c++).setCellValue(row.method());
            if (!keyName.isEmpty()) {
                x.createCell(c++).setCellValue(row.key());
            }
            if (byImage) {
                c = accuracyCells(x, c, row.byImage(), styles);
            }
            accuracyCells(x, c, row.byJudgement(), styles);
        }
    }

    private static int accuracyHeader(Row h, int c, String count, String suffix, String unsure) {
        h.createCell(c++).setCellValue(count);
        for (String part : PARTS) {
            h.createCell(c++).setCellValue(part + " %" + suffix);
            h.createCell(c++).setCellValue(part + " correct" + suffix);
            h.createCell(c++).setCellValue(part + " 95% low" + suffix);
            h.createCell(c++).setCellValue(part + " 95% high" + suffix);
        }
        h.createCell(c++).setCellValue("Action " + unsure + suffix);
        h.createCell(c++).setCellValue("Subject " + unsure + suffix);
        return c;
    }

    private static int accuracyCells(Row x, int c, Accuracy a, Styles styles) {
        x.createCell(c++).setCellValue(a.total().total());
        for (Proportion p : List.of(a.action(), a.subject(), a.total())) {
            percent(x, c++, p.percent(), styles);
            x.createCell(c++).setCellValue(p.correct());
            percent(x, c++, 100 * p.wilsonLow(), styles);
            percent(x, c++, 100 * p.wilsonHigh(), styles);
        }
        x.createCell(c++).setCellValue(a.actionUnsure());
        x.createCell(c++).setCellValue(a.subjectUnsure());
        return c;
    }

    private static void writeAgreement(Sheet sheet, List<AgreementRow> rows, Styles styles) {
        header(sheet.createRow(0), new String[] {"Question", "Images", "Images with 2+ raters", "Min raters",
                "Max raters", "Fleiss kappa", "Krippendorff alpha (nominal)", "Note"}, styles);
        int r = 1;
        for (AgreementRow a : rows) {
            Row x = sheet.createRow(r++);
            x.createCell(0).setCellValue(a.question());
            x.createCell(1).setCellValue(a.images());
            x.createCell(2).setCellValue(a.pairableImages());
            x.createCell(3).setCellValue(a.minRaters());
            x.createCell(4).setCellValue(a.maxRaters());
            coefficient(x, 5, a.fleissKappa(), styles);
            coefficient(x, 6, a.krippendorffAlpha(), styles);
            x.createCell(7).setCellValue(a.note());
        }
        sheet.createRow(r + 1).createCell(0).setCellValue(
                "Categories yes, no, unsure (nominal). Fleiss' kappa needs the same number of raters on every image.");
    }

    private static void writeComparisons(Sheet sheet, List<PairedComparison> rows, Styles styles) {
        header(sheet.createRow(0), new String[] {"Best", "Other", "Subject-action pairs", "Total difference (points)",
                "95% low", "95% high", "Replicates", "Seed"}, styles);
        int r = 1;
        for (PairedComparison p : rows) {
            Row x = sheet.createRow(r++);
            x.createCell(0).setCellValue(p.best());
            x.createCell(1).setCellValue(p.other());
            x.createCell(2).setCellValue(p.pairs());
            percent(x, 3, p.difference(), styles);
            percent(x, 4, p.low(), styles);
            percent(x, 5, p.high(), styles);
            x.createCell(6).setCellValue(p.replicates());
            x.createCell(7).setCellValue(Long.toString(p.seed())); // text: a long seed can exceed a double's digits
        }
        sheet.createRow(r + 1).createCell(0).setCellValue("Best minus other, total accuracy over the pairs both "
                + "were judged on; percentile bootstrap over pairs, seeded.");
    }

    private static void writeJudgements(SXSSFWorkbook wb, List<Judgement> judgements, int perSheet, Styles styles) {
        String[] head = {"rater", "image", "method", "action", "subject", "group", "action_correct", "subject_correct"};
        Sheet sheet = null;
        int r = 0;
        for (int i = 0; i < judgements.size() || sheet == null; i++) {
            if (sheet == null || r > perSheet) {
                int n = i / perSheet;
                sheet = wb.createSheet(n == 0 ? "Judgements" : "Judgements " + (n + 1));
                header(sheet.createRow(0), head, styles);
                r = 1;
            }
            if (i >= judgements.size()) {
                break;
            }
            Judgement j = judgements.get(i);
            Row x = sheet.createRow(r++);
            x.createCell(0).setCellValue(j.rater());
            x.createCell(1).setCellValue(j.image());
            x.createCell(2).setCellValue(j.method());
            x.createCell(3).setCellValue(j.action());
            x.createCell(4).setCellValue(j.subject());
            x.createCell(5).setCellValue(j.group().jsonName());
            x.createCell(6).setCellValue(j.actionCorrect().csvName());
            x.createCell(7).setCellValue(j.subjectCorrect().csvName());
        }
    }

    private static void header(Row row, String[] names, Styles styles) {
        for (int i = 0; i < names.length; i++) {
            Cell c = row.createCell(i);
            c.setCellValue(names[i]);
            c.setCellStyle(styles.header);
        }
    }

    private static void percent(Row row, int col, double value, Styles styles) {
        Cell c = row.createCell(col);
        if (Double.isNaN(value)) {
            c.setCellValue("n/a");
        } else {
            c.setCellValue(value);
            c.setCellStyle(styles.percent);
        }
    }

    private static void coefficient(Row row, int col, OptionalDouble value, Styles styles) {
        Cell c = row.createCell(col);
        if (value.isPresent()) {
            c.setCellValue(value.getAsDouble());
            c.setCellStyle(styles.ratio);
        } else {
            c.setCellValue("n/a");
        }
    }
}
