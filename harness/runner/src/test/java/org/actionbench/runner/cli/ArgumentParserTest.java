package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentParserTest {

    private static ArgumentParser parser() {
        return new ArgumentParser().flag("--plan").option("--out", "DIR").option("--seed", "N")
                .option("--scale", "F").option("--format", "markdown|csv").repeatableOption("--sbatch-arg", "ARG");
    }

    private static ArgumentParser.Parsed parse(String... args) throws UsageException {
        return parser().parse(List.of(args));
    }

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void flagsOptionsAndPositionalsMixInAnyOrder() throws UsageException {
        ArgumentParser.Parsed p = parse("a", "--plan", "--out", "dir", "b", "--seed=-3");
        assertTrue(p.flag("--plan"));
        assertEquals("dir", p.value("--out"));
        assertEquals(Path.of("dir"), p.path("--out", Path.of("other")));
        assertEquals(-3L, p.longValue("--seed", 0));
        assertEquals(List.of("a", "b"), p.positionals());
    }

    @Test
    void absentOptionsTakeTheDefaultTheCommandNames() throws UsageException {
        ArgumentParser.Parsed p = parse();
        assertFalse(p.flag("--plan"));
        assertNull(p.value("--out"));
        assertEquals(Path.of("x"), p.path("--out", Path.of("x")));
        assertEquals(7L, p.longValue("--seed", 7));
        assertEquals(0.5, p.positiveNumber("--scale", 0.5));
        assertEquals("markdown", p.choice("--format", List.of("markdown", "csv"), "markdown"));
        assertEquals(List.of(), p.values("--sbatch-arg"));
        assertEquals(List.of(), p.positionals());
    }

    @Test
    void aValueIsTakenAsItIsEvenWhenItLooksLikeAnOption() throws UsageException {
        ArgumentParser.Parsed p = parse("--sbatch-arg", "--gres=gpu:1", "--sbatch-arg=--exclusive", "--seed", "-1");
        assertEquals(List.of("--gres=gpu:1", "--exclusive"), p.values("--sbatch-arg"));
        assertEquals(-1L, p.longValue("--seed", 0));
        assertEquals(List.of(), p.positionals());
    }

    @Test
    void doubleDashEndsTheOptionsAndSingleDashArgumentsArePositional() throws UsageException {
        ArgumentParser.Parsed p = parse("-5", "--", "--plan", "--unknown");
        assertFalse(p.flag("--plan"));
        assertEquals(List.of("-5", "--plan", "--unknown"), p.positionals());
    }

    @Test
    void passThroughArgumentsAreKeptVerbatim() throws UsageException {
        ArgumentParser.Parsed p = new ArgumentParser().option("--import", "RUN").passThrough("-D")
                .parse(List.of("-Da.b=1", "--import", "run", "-Dc=x=y", "-Dnovalue"));
        assertEquals(List.of("-Da.b=1", "-Dc=x=y"), p.passedThrough());
        assertEquals("run", p.value("--import"));
        assertEquals(List.of("-Dnovalue"), p.positionals(), "without '=' it is not a property");
    }

    @Test
    void mistakesAreUsageErrorsNamingTheOption() {
        assertEquals("unknown option --outt", usageError("--outt", "dir"));
        assertEquals("unknown option --outt", usageError("--outt=dir"));
        assertEquals("--out needs a value (DIR)", usageError("a", "--out"));
        assertEquals("--out is given twice", usageError("--out", "a", "--out", "b"));
        assertEquals("--plan takes no value, got 'yes'", usageError("--plan=yes"));
    }

    @Test
    void valuesOfTheWrongKindNameTheOptionAndTheValue() throws UsageException {
        assertEquals("--seed must be an integer, got '1.5'",
                assertThrows(UsageException.class, () -> parse("--seed", "1.5").longValue("--seed", 0)).getMessage());
        assertEquals("--seed must be an integer, got 'x'",
                assertThrows(UsageException.class, () -> parse("--seed", "x").integer("--seed")).getMessage());
        for (String bad : new String[] {"0", "-2", "NaN", "Infinity", "two"}) {
            assertEquals("--scale must be a positive number, got '" + bad + "'", assertThrows(UsageException.class,
                    () -> parse("--scale", bad).positiveNumber("--scale", 1)).getMessage());
        }
        for (String bad : new String[] {"0", "-1", "2.5", "many"}) {
            assertEquals("--seed must be a positive integer, got '" + bad + "'", assertThrows(UsageException.class,
                    () -> parse("--seed", bad).positiveInt("--seed", 1)).getMessage());
        }
        assertEquals(12, parse("--seed", "12").positiveInt("--seed", 1));
        assertEquals(0.25, parse("--scale=0.25").positiveNumber("--scale", 1));
        assertEquals("--format must be markdown or csv, got 'html'", assertThrows(UsageException.class,
                () -> parse("--format", "html").choice("--format", List.of("markdown", "csv"), "markdown"))
                .getMessage());
        assertEquals("csv", parse("--format", "csv").choice("--format", List.of("markdown", "csv"), "markdown"));
    }

    @Test
    void aPositionalCountIsCheckedWithTheCommandsWords() throws UsageException {
        assertEquals(List.of("spec.yaml"), parse("spec.yaml").positionals(1, "one SPEC file"));
        assertEquals("expected one SPEC file, got 2 argument(s)", assertThrows(UsageException.class,
                () -> parse("a", "b").positionals(1, "one SPEC file")).getMessage());
        assertEquals("expected one SPEC file, got 0 argument(s)", assertThrows(UsageException.class,
                () -> parse().positionals(1, "one SPEC file")).getMessage());
    }

    /** Reading an option the command never declared is a bug in the command, not a user's mistake. */
    @Test
    void readingAnUndeclaredOptionIsAProgrammingError() throws UsageException {
        ArgumentParser.Parsed p = parse();
        assertThrows(IllegalArgumentException.class, () -> p.flag("--out"));
        assertThrows(IllegalArgumentException.class, () -> p.value("--plan"));
        assertThrows(IllegalArgumentException.class, () -> p.value("--nope"));
        assertThrows(IllegalArgumentException.class, () -> new ArgumentParser().flag("-x"));
        assertThrows(IllegalArgumentException.class, () -> new ArgumentParser().option("--a=b", "V"));
    }
}
