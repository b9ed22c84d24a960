package org.actionbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.actionbench.data.run.Judgement;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Writes the workbook, reads it back with POI's ordinary (non-streaming) reader and compares the cells. */
class ReportWorkbookTest {
    @TempDir
    Path dir;

    private static XSSFWorkbook open(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return new XSSFWorkbook(in);
        }
    }

    @Test
    void table1SheetHoldsTheComputedTableAndAChart() throws Exception {
        Report report = Report.of(Fixtures.mixed());
        Path out = dir.resolve("report.xlsx");
        report.writeXlsx(out);
        try (XSSFWorkbook wb = open(out)) {
            assertEquals(List.of("Table 1", "Per method", "Per action", "Per group", "Per rater", "Agreement",
                    "Comparison", "Judgements"), sheetNames(wb));
            Sheet t = wb.getSheetAt(0);
            assertEquals(List.of("Method", "Action", "Subject", "Total"), texts(t.getRow(0), 4));
            // Hand values (ReportTest): adi 50/75/50 of 4, sd 50/50/25 of 4, zero 0/50/0 of 2.
            double[][] expected = {{50, 75, 50, 4, 2, 3, 2}, {50, 50, 25, 4, 2, 2, 1}, {0, 50, 0, 2, 0, 1, 0}};
            String[] methods = {"adi", "sd", "zero"};
            for (int i = 0; i < 3; i++) {
                Row row = t.getRow(i + 1);
                assertEquals(methods[i], row.getCell(0).getStringCellValue());
                for (int c = 0; c < 7; c++) {
                    assertEquals(expected[i][c], row.getCell(c + 1).getNumericCellValue(), 1e-9, methods[i] + " col " + c);
                }
                Accuracy a = report.byMethod().get(i).byImage();
                // Stored rounded to 4 decimals: within half a unit of the last place.
                assertEquals(100 * a.total().wilsonLow(), row.getCell(12).getNumericCellValue(), 0.5e-4);
                assertEquals(100 * a.total().wilsonHigh(), row.getCell(13).getNumericCellValue(), 0.5e-4);
                assertEquals("0.00", row.getCell(1).getCellStyle().getDataFormatString());
            }
            List<XSSFChart> charts = wb.getSheetAt(0).getDrawingPatriarch().getCharts();
            assertEquals(1, charts.size());
            assertEquals(3, charts.get(0).getChartSeries().get(0).getSeriesCount());

            Sheet perAction = wb.getSheet("Per action");
            Row cheer = perAction.getRow(1); // adi, cheer: by image 2 images, action 50%, 1 correct
            assertEquals(List.of("adi", "cheer"), texts(cheer, 2));
            assertEquals(2, cheer.getCell(2).getNumericCellValue(), 0);
            assertEquals(50, cheer.getCell(3).getNumericCellValue(), 1e-9);
            assertEquals(1, cheer.getCell(4).getNumericCellValue(), 0);
            assertEquals("Images", perAction.getRow(0).getCell(2).getStringCellValue());
            // judgement half starts after 1 + 12 + 2 columns: 5 judgements, action 3/5 = 60%.
            assertEquals(5, cheer.getCell(17).getNumericCellValue(), 0);
            assertEquals(60, cheer.getCell(18).getNumericCellValue(), 1e-9);

            Sheet agreement = wb.getSheet("Agreement");
            assertEquals("n/a", agreement.getRow(1).getCell(5).getStringCellValue());
            assertEquals(report.agreement().get(0).krippendorffAlpha().getAsDouble(),
                    agreement.getRow(1).getCell(6).getNumericCellValue(), 1e-12);

            Sheet cmp = wb.getSheet("Comparison");
            assertEquals("zero", cmp.getRow(2).getCell(1).getStringCellValue());
            assertEquals(100, cmp.getRow(2).getCell(4).getNumericCellValue(), 1e-12);

            Sheet raw = wb.getSheet("Judgements");
            assertEquals(Fixtures.mixed().size(), raw.getLastRowNum());
            Judgement last = Fixtures.mixed().get(20);
            assertEquals(List.of(last.rater(), last.image(), last.method(), last.action(), last.subject(), "human",
                    "no", "yes"), texts(raw.getRow(21), 8));
        }
    }

    @Test
    void judgementsSpillOntoFurtherSheets() throws Exception {
        Report report = Report.of(Fixtures.mixed());
        Path out = dir.resolve("split.xlsx");
        try (OutputStream os = Files.newOutputStream(out)) {
            ReportWorkbook.write(report.tables(), report.judgementTable(), os, 8); // 21 judgements: 8 + 8 + 5
        }
        try (XSSFWorkbook wb = open(out)) {
            assertEquals(8, wb.getSheet("Judgements").getLastRowNum());
            assertEquals(8, wb.getSheet("Judgements 2").getLastRowNum());
            assertEquals(5, wb.getSheet("Judgements 3").getLastRowNum());
            assertEquals(Fixtures.mixed().get(16).image(), wb.getSheet("Judgements 3").getRow(1).getCell(1)
                    .getStringCellValue());
        }
    }

    @Test
    void failedWriteLeavesNoFile() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        Path out = blocker.resolve("report.xlsx"); // parent is a file: the write must fail
        assertThrows(IOException.class, () -> Report.of(Fixtures.mixed()).writeXlsx(out));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
        assertFalse(Files.exists(out));
    }

    /**
     * Issue 22: LibreOffice draws a series without its own fill as nothing. Reads the chart part itself:
     * every series has a solid fill from {@link ChartPalette} and custom 95% error bars whose minus/plus
     * ranges hold value − low and high − value; the value axis crosses between categories; and Table 1's
     * chart is the workbook's only one (the breakdown sheets have none to fix).
     */
    @Test
    void chartSeriesHaveSolidFillsAndWilsonErrorBars() throws Exception {
        Report report = Report.of(Fixtures.mixed());
        Path out = dir.resolve("chart.xlsx");
        report.writeXlsx(out);
        List<String> chartParts = new ArrayList<>();
        Document chart = null;
        try (ZipFile zip = new ZipFile(out.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("xl/charts/chart")) {
                    chartParts.add(e.getName());
                    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                    f.setNamespaceAware(true);
                    try (InputStream in = zip.getInputStream(e)) {
                        chart = f.newDocumentBuilder().parse(in);
                    }
                }
            }
        }
        assertEquals(List.of("xl/charts/chart1.xml"), chartParts);
        String c = "http://schemas.openxmlformats.org/drawingml/2006/chart";
        String a = "http://schemas.openxmlformats.org/drawingml/2006/main";
        NodeList crossBetween = chart.getElementsByTagNameNS(c, "crossBetween");
        assertEquals(1, crossBetween.getLength());
        assertEquals("between", ((Element) crossBetween.item(0)).getAttribute("val"));
        NodeList series = chart.getElementsByTagNameNS(c, "ser");
        assertEquals(3, series.getLength());
        try (XSSFWorkbook wb = open(out)) {
            Sheet table = wb.getSheet(ReportWorkbook.TABLE_SHEET);
            for (int s = 0; s < 3; s++) {
                Element ser = (Element) series.item(s);
                Element spPr = child(ser, c, "spPr");
                Element rgb = child(child(spPr, a, "solidFill"), a, "srgbClr");
                assertEquals(ChartPalette.hex(s), rgb.getAttribute("val"));
                Element bars = child(ser, c, "errBars");
                assertEquals("y", child(bars, c, "errDir").getAttribute("val"));
                assertEquals("both", child(bars, c, "errBarType").getAttribute("val"));
                assertEquals("cust", child(bars, c, "errValType").getAttribute("val"));
                String minus = child(child(child(bars, c, "minus"), c, "numRef"), c, "f").getTextContent();
                String plus = child(child(child(bars, c, "plus"), c, "numRef"), c, "f").getTextContent();
                for (int m = 0; m < 3; m++) {
                    Accuracy acc = report.byMethod().get(m).byImage();
                    Proportion p = List.of(acc.action(), acc.subject(), acc.total()).get(s);
                    // value − low and high − value, from the Wilson bounds recomputed here (quadratic roots).
                    double n = p.total(), ph = p.correct() / n, z2 = Proportion.Z95 * Proportion.Z95;
                    double qa = 1 + z2 / n, qb = -(2 * ph + z2 / n), disc = Math.sqrt(qb * qb - 4 * qa * ph * ph);
                    double low = (-qb - disc) / (2 * qa), high = (-qb + disc) / (2 * qa);
                    assertEquals(100 * (ph - low), cellAt(wb, minus, m).getNumericCellValue(), 1e-4, minus + " " + m);
                    assertEquals(100 * (high - ph), cellAt(wb, plus, m).getNumericCellValue(), 1e-4, plus + " " + m);
                }
            }
            assertEquals("Action 95% minus",
                    table.getRow(0).getCell(ReportWorkbook.ERROR_BAR_COLUMN).getStringCellValue());
        }
    }

    private static Element child(Element parent, String ns, String name) {
        NodeList l = parent.getElementsByTagNameNS(ns, name);
        assertTrue(l.getLength() > 0, "no " + name + " in " + parent.getLocalName());
        return (Element) l.item(0);
    }

    /** The {@code i}-th cell of a one-column range such as {@code 'Table 1'!$Q$2:$Q$4}. */
    private static org.apache.poi.ss.usermodel.Cell cellAt(XSSFWorkbook wb, String range, int i) {
        AreaReference area = new AreaReference(range, SpreadsheetVersion.EXCEL2007);
        CellReference first = area.getFirstCell();
        assertEquals(first.getCol(), area.getLastCell().getCol(), range);
        return wb.getSheet(first.getSheetName()).getRow(first.getRow() + i).getCell(first.getCol());
    }

    /** "zero" has 0 of 2 actions right: its lower bound is exactly 0, not rounding noise (2.8e-15 before). */
    @Test
    void wilsonBoundsAtTheEndsAreStoredExactly() throws Exception {
        Path out = dir.resolve("ends.xlsx");
        Report.of(Fixtures.mixed()).writeXlsx(out);
        try (XSSFWorkbook wb = open(out)) {
            Row zero = wb.getSheet(ReportWorkbook.TABLE_SHEET).getRow(3);
            assertEquals("zero", zero.getCell(0).getStringCellValue());
            assertEquals(0.0, zero.getCell(8).getNumericCellValue(), 0.0); // action 95% low
            assertEquals(0.0, zero.getCell(12).getNumericCellValue(), 0.0); // total 95% low
        }
    }

    /** The stream form writes the same workbook and leaves the stream open for its owner (an HTTP response). */
    @Test
    void writesToAStreamAndLeavesItOpen() throws Exception {
        Report report = Report.of(Fixtures.mixed());
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        report.writeXlsx(bytes);
        assertFalse(closed[0]);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(50, wb.getSheetAt(0).getRow(1).getCell(1).getNumericCellValue(), 1e-9);
            assertEquals(Fixtures.mixed().size(), wb.getSheet("Judgements").getLastRowNum());
        }
    }

    /** Texts the judgement sheets write themselves must survive XML: markup, quotes, non-ASCII, spaces, controls. */
    @Test
    void judgementTextsRoundTripThroughTheSheetXml() throws Exception {
        String odd = " a&b <c> \"d\" ü 漢 \u0001 _x0041_ ";
        List<Judgement> l = List.of(Fixtures.j(odd, "x/" + odd + ".png", "m&m", "<act>", "man", "yes", "unsure"));
        Path out = dir.resolve("odd.xlsx");
        Report.of(l).writeXlsx(out);
        try (XSSFWorkbook wb = open(out)) {
            assertEquals(List.of(odd, "x/" + odd + ".png", "m&m", "<act>", "man", "human", "yes", "unsure"),
                    texts(wb.getSheet("Judgements").getRow(1), 8));
            assertEquals("m&m", wb.getSheet(ReportWorkbook.TABLE_SHEET).getRow(1).getCell(0).getStringCellValue());
        }
    }

    private static List<String> sheetNames(XSSFWorkbook wb) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < wb.getNumberOfSheets(); i++) {
            names.add(wb.getSheetName(i));
        }
        return names;
    }

    private static List<String> texts(Row row, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(row.getCell(i).getStringCellValue());
        }
        assertTrue(out.size() == n);
        return out;
    }
}
