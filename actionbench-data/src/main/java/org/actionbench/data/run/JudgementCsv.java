package org.actionbench.data.run;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.io.AtomicFiles;

/**
 * The judgement CSV (ARCHITECTURE.md §2): header {@value #HEADER}, then one {@link Judgement} per row, RFC 4180
 * quoting (fields holding a comma, quote or line break are quoted, quotes doubled), UTF-8, '\n' line ends
 * on write and '\n' or "\r\n" on read. Errors name the line (the first line of a quoted multi-line row).
 */
public final class JudgementCsv {
    public static final String HEADER = "rater,image,method,action,subject,group,action_correct,subject_correct";
    private static final String[] COLUMNS = HEADER.split(",");

    private JudgementCsv() {
    }

    public static List<Judgement> read(Path file) throws IOException {
        List<Judgement> out = new ArrayList<>();
        forEach(file, (judgement, line) -> out.add(judgement));
        return out;
    }

    /** Reads from {@code in}; {@code source} names it in messages. */
    public static List<Judgement> read(Reader in, Path source) throws IOException {
        List<Judgement> out = new ArrayList<>();
        forEach(in, source, (judgement, line) -> out.add(judgement));
        return out;
    }

    /** Receives the judgements one by one, with the line each row starts on. */
    @FunctionalInterface
    public interface RowHandler {
        void accept(Judgement judgement, int line) throws IOException;
    }

    /**
     * Streams {@code file} row by row into {@code handler}, so a million judgements need not be held at once.
     * A problem found after some rows were handed over still throws; the handler must discard what it built.
     */
    public static void forEach(Path file, RowHandler handler) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            forEach(in, file, handler);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new RunFormatException(file, "", "not UTF-8 text");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RunFormatException(file, "", "missing");
        }
    }

    /** {@link #forEach(Path, RowHandler)} from {@code in}; {@code source} names it in messages. */
    public static void forEach(Reader in, Path source, RowHandler handler) throws IOException {
        Rows rows = new Rows(in);
        List<String> header = rows.next(source);
        if (header == null) {
            throw new RunFormatException(source, "line 1", "empty file; expected the header " + HEADER);
        }
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1)); // a BOM from spreadsheet exports
        }
        if (!header.equals(List.of(COLUMNS))) {
            throw new RunFormatException(source, "line 1", "header is \"" + String.join(",", header)
                    + "\", expected \"" + HEADER + "\"");
        }
        for (List<String> next = rows.next(source); next != null; next = rows.next(source)) {
            List<String> row = next;
            String where = "line " + rows.rowLine;
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // blank line
            }
            if (row.size() != COLUMNS.length) {
                throw new RunFormatException(source, where,
                        "expected " + COLUMNS.length + " fields, found " + row.size());
            }
            for (int c = 0; c < COLUMNS.length; c++) {
                if (row.get(c).isEmpty()) {
                    throw new RunFormatException(source, where, COLUMNS[c] + " is empty");
                }
            }
            SubjectGroup group = SubjectGroup.fromJsonName(row.get(5)).orElseThrow(() -> new RunFormatException(
                    source, where,
                    "group: unknown group \"" + row.get(5) + "\" (expected " + SubjectGroup.names() + ")"));
            handler.accept(new Judgement(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4), group,
                    verdict(row.get(6), COLUMNS[6], source, where), verdict(row.get(7), COLUMNS[7], source, where)),
                    rows.rowLine);
        }
    }

    private static Verdict verdict(String value, String column, Path source, String where) throws RunFormatException {
        return Verdict.fromCsvName(value).orElseThrow(() -> new RunFormatException(source, where,
                column + ": \"" + value + "\" is not yes, no or unsure"));
    }

    /** Writes {@code judgements} to {@code file} atomically. */
    public static void write(Path file, List<Judgement> judgements) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(w, judgements);
            }
        });
    }

    /** Writes the header and {@code judgements} to {@code out} (the UI streams its export through this). */
    public static void write(Writer out, List<Judgement> judgements) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (Judgement j : judgements) {
            String[] f = {j.rater(), j.image(), j.method(), j.action(), j.subject(), j.group().jsonName(),
                    j.actionCorrect().csvName(), j.subjectCorrect().csvName()};
            for (int i = 0; i < f.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(quote(f[i]));
            }
            out.write('\n');
        }
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** RFC 4180 rows with the line each starts on. */
    private static final class Rows {
        private final Reader in;
        private int line = 1;
        int rowLine;
        private int peeked = -2;

        Rows(Reader in) {
            this.in = in;
        }

        // Own buffer: a Reader's read() per character takes a lock each time, a third of a large file's read.
        private final char[] buffer = new char[1 << 16];
        private int position;
        private int limit;

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++];
        }

        private int peek() throws IOException {
            if (peeked == -2) {
                peeked = read();
            }
            return peeked;
        }

        /** The next row, or null at the end of input. */
        List<String> next(Path source) throws IOException {
            int c = peek();
            if (c == -1) {
                return null;
            }
            rowLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                c = read();
                if (quoted) {
                    if (c == -1) {
                        throw new RunFormatException(source, "line " + rowLine, "quoted field is not closed");
                    }
                    if (c == '"') {
                        if (peek() == '"') {
                            read();
                            field.append('"');
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                    continue;
                }
                if (c == -1 || c == '\n' || c == '\r') {
                    if (c == '\r' && peek() == '\n') {
                        read();
                    }
                    if (c != -1) {
                        line++;
                    }
                    fields.add(field.toString());
                    return fields;
                }
                if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (wasQuoted) {
                    throw new RunFormatException(source, "line " + line, "text after a closing quote");
                } else if (c == '"') {
                    throw new RunFormatException(source, "line " + line, "quote inside an unquoted field");
                } else {
                    field.append((char) c);
                }
            }
        }
    }
}
