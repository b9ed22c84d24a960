package org.actionbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.data.run.Judgement;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                assertEquals(100 * a.total().wilsonLow(), row.getCell(12).getNumericCellValue(), 1e-9);
                assertEquals(100 * a.total().wilsonHigh(), row.getCell(13).getNumericCellValue(), 1e-9);
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
        ReportWorkbook.write(report, out, 8); // 21 judgements: 8 + 8 + 5
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
