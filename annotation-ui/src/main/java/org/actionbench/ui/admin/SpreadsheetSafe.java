package org.actionbench.ui.admin;

import java.util.List;
import org.actionbench.data.run.Judgement;

/**
 * Keeps the judgement CSV from being read as formulas: a spreadsheet opening the download runs a cell that starts
 * with {@code = + - @} (or a tab or carriage return) as a formula (OWASP "CSV injection"). Such a cell gets a leading
 * apostrophe, which spreadsheets show as text. Imports validate what they can (method names, bench ids, user names
 * start with a letter or digit); this covers whatever was stored before those checks.
 */
final class SpreadsheetSafe {
    private SpreadsheetSafe() {
    }

    static String cell(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    static List<Judgement> judgements(List<Judgement> in) {
        return in.stream().map(j -> new Judgement(cell(j.rater()), cell(j.image()), cell(j.method()),
                cell(j.action()), cell(j.subject()), j.group(), j.actionCorrect(), j.subjectCorrect())).toList();
    }
}
