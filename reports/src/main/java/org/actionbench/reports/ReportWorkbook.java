package org.actionbench.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.PresetColor;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrossBetween;
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
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTErrBars;
import org.openxmlformats.schemas.drawingml.x2006.chart.STErrBarType;
import org.openxmlformats.schemas.drawingml.x2006.chart.STErrDir;
import org.openxmlformats.schemas.drawingml.x2006.chart.STErrValType;

/**
 * The Excel rendering of a report's {@link ReportTables}. Every sheet but the raw judgements is built with
 * POI's ordinary {@link XSSFWorkbook} (they are small, and the first, "Table 1", laid out like the paper's
 * table, carries a bar chart); the judgement sheets, which may hold a million rows, are streamed into the
 * package by {@link JudgementSheets}. Percentages are stored as numbers (format 0.00) rounded to
 * {@value #PERCENT_DECIMALS} decimals, so the cells are the computed values without float noise (a Wilson
 * bound of 0 stays 0, not 2.8e-15).
 */
public final class ReportWorkbook {
    public static final String TABLE_SHEET = "Table 1";
    /** Excel's row limit less the header; further judgements continue on "Judgements 2", "Judgements 3", ... */
    static final int JUDGEMENT_ROWS_PER_SHEET = 1_048_575;
    static final int PERCENT_DECIMALS = 4;

    /**
     * Table 1's columns; the first four are the paper's. The last six are the Wilson intervals as distances
     * from the value, which the chart's error bars take (a custom error bar is a length, not an end point).
     */
    static final String[] TABLE_HEADER = {"Method", "Action", "Subject", "Total", "Images", "Action correct",
            "Subject correct", "Total correct", "Action 95% low", "Action 95% high", "Subject 95% low",
            "Subject 95% high", "Total 95% low", "Total 95% high", "Action undecided", "Subject undecided",
            "Action 95% minus", "Action 95% plus", "Subject 95% minus", "Subject 95% plus", "Total 95% minus",
            "Total 95% plus"};
    /** Table 1's first error-bar column ("Action 95% minus"). */
    static final int ERROR_BAR_COLUMN = 16;

    private ReportWorkbook() {
    }

    static void write(ReportTables report, JudgementTable judgements, OutputStream out) throws IOException {
        write(report, judgements, out, JUDGEMENT_ROWS_PER_SHEET);
    }

    /** {@code judgementRowsPerSheet} is smaller only in tests, to see the spill-over without a million rows. */
    static void write(ReportTables report, JudgementTable judgements, OutputStream out, int judgementRowsPerSheet)
            throws IOException {
        JudgementSheets raw = new JudgementSheets(judgements, judgementRowsPerSheet);
        ByteArrayOutputStream base = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Styles styles = new Styles(wb);
            writeTable(wb.createSheet(TABLE_SHEET), report, styles);
            writeBreakdown(wb.createSheet("Per method"), "", report.byMethod(), true, styles);
            writeBreakdown(wb.createSheet("Per action"), "Action", report.byAction(), true, styles);
            writeBreakdown(wb.createSheet("Per group"), "Group", report.byGroup(), true, styles);
            writeBreakdown(wb.createSheet("Per rater"), "Rater", report.byRater(), false, styles);
            writeAgreement(wb.createSheet("Agreement"), report.agreement(), styles);
            writeComparisons(wb.createSheet("Comparison"), report.comparisons(), styles);
            raw.addPlaceholders(wb, styles.header);
            wb.write(base);
            raw.writePackage(base.toByteArray(), wb.getSharedStringSource(), out);
        }
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

    private static void writeTable(XSSFSheet sheet, ReportTables report, Styles styles) {
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
            c = ERROR_BAR_COLUMN;
            for (Proportion p : List.of(a.action(), a.subject(), a.total())) {
                percent(row, c++, p.percent() - 100 * p.wilsonLow(), styles);
                percent(row, c++, 100 * p.wilsonHigh() - p.percent(), styles);
            }
        }
        int note = rows.size() + 2;
        sheet.createRow(note).createCell(0).setCellValue("Accuracy (%) per image by majority vote of its raters; "
                + "a tie or all-unsure vote counts as not correct. Totally correct = action and subject both correct.");
        sheet.createRow(note + 1).createCell(0).setCellValue("Best method (highest total): " + report.best()
                + ". 95% Wilson intervals; paired bootstrap comparisons on the Comparison sheet.");
        sheet.setColumnWidth(0, 24 * 256);
        // Printed (or converted to PDF), the whole table and its chart fit one landscape page.
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setLandscape(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 1);
        if (!rows.isEmpty()) {
            chart(sheet, rows.size(), note + 3);
        }
    }

    /**
     * A clustered column chart of Action, Subject and Total per method, below the table, each series with its
     * 95% Wilson interval as error bars. Every series names its own fill: without one the colour is left to
     * the application's automatic style, which LibreOffice draws as no bars at all (the workbook has no
     * theme to take colours from).
     */
    private static void chart(XSSFSheet sheet, int methods, int top) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, 0, top, 12, top + 30));
        chart.setTitleText("Accuracy (%) per method");
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis y = chart.createValueAxis(AxisPosition.LEFT);
        y.setCrosses(AxisCrosses.AUTO_ZERO);
        y.setCrossBetween(AxisCrossBetween.BETWEEN); // columns sit between category ticks, not on them
        y.setMinimum(0);
        y.setMaximum(100);
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, x, y);
        data.setBarDirection(BarDirection.COL);
        data.setVaryColors(false);
        XDDFCategoryDataSource names = XDDFDataSourcesFactory.fromStringCellRange(sheet,
                new CellRangeAddress(1, methods, 0, 0));
        for (int s = 0; s < 3; s++) {
            int col = 1 + s;
            XDDFBarChartData.Series series = (XDDFBarChartData.Series) data.addSeries(names,
                    XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(1, methods, col, col)));
            series.setTitle(TABLE_HEADER[col], new CellReference(sheet.getSheetName(), 0, col, true, true));
            XDDFShapeProperties fill = new XDDFShapeProperties();
            fill.setFillProperties(new XDDFSolidFillProperties(XDDFColor.from(ChartPalette.rgb(s))));
            series.setShapeProperties(fill);
            errorBars(series.getCTBarSer().addNewErrBars(), sheet, methods, ERROR_BAR_COLUMN + 2 * s);
        }
        chart.plot(data);
    }

    /**
     * Custom 95% error bars whose lengths come from two columns of the table (minus, then plus). Written on
     * the chart XML directly: POI's XDDFErrorBars fails on a new element (5.5.1 sets values on children it
     * never created).
     */
    private static void errorBars(CTErrBars bars, XSSFSheet sheet, int methods, int minusColumn) {
        bars.addNewErrDir().setVal(STErrDir.Y);
        bars.addNewErrBarType().setVal(STErrBarType.BOTH);
        bars.addNewErrValType().setVal(STErrValType.CUST);
        bars.addNewNoEndCap().setVal(false);
        bars.addNewPlus().addNewNumRef().setF(columnRange(sheet, methods, minusColumn + 1));
        bars.addNewMinus().addNewNumRef().setF(columnRange(sheet, methods, minusColumn));
        XDDFLineProperties line = new XDDFLineProperties(
                new XDDFSolidFillProperties(XDDFColor.from(PresetColor.BLACK)));
        line.setWidth(1.0);
        XDDFShapeProperties whisker = new XDDFShapeProperties();
        whisker.setLineProperties(line);
        bars.setSpPr(whisker.getXmlObject());
    }

    /** "'Table 1'!$Q$2:$Q$4": rows 2 to methods + 1 of one column. */
    private static String columnRange(XSSFSheet sheet, int methods, int column) {
        return new CellRangeAddress(1, methods, column, column).formatAsString(sheet.getSheetName(), true);
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
            x.createCell(0).setCellValue(p.reference());
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
            c.setCellValue(round(value));
            c.setCellStyle(styles.percent);
        }
    }

    private static double round(double percent) {
        double scale = Math.pow(10, PERCENT_DECIMALS);
        double r = Math.round(percent * scale) / scale;
        return r == 0 ? 0.0 : r; // no "-0" from a tiny negative difference
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
