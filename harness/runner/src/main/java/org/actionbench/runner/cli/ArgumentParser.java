package org.actionbench.runner.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The argument grammar every command shares: {@code --flag}; {@code --option VALUE} or {@code --option=VALUE}
 * (a repeatable option collects each value, any other may be given once); positional arguments anywhere;
 * {@code --} ends the options, so a positional may start with {@code --}. A command declares what it accepts and
 * parses its arguments once; an undeclared option, a missing value or a value of the wrong kind is a
 * {@link UsageException} that names the option. {@code --help} never reaches a command: {@link Main} answers it.
 */
final class ArgumentParser {
    private final Set<String> flags = new HashSet<>();
    /** Option name → what its value is, for the message when it is missing. */
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> repeatable = new HashSet<>();
    private String passThroughPrefix;

    /** A switch without a value, e.g. {@code --plan}. */
    ArgumentParser flag(String name) {
        flags.add(checkName(name));
        return this;
    }

    /** An option taking one value, e.g. {@code option("--out", "DIR")}. */
    ArgumentParser option(String name, String valueName) {
        options.put(checkName(name), valueName);
        return this;
    }

    /** An option that may be given several times; {@link Parsed#values} lists the values in order. */
    ArgumentParser repeatableOption(String name, String valueName) {
        repeatable.add(name);
        return option(name, valueName);
    }

    /**
     * Arguments of the form {@code PREFIXkey=value} (e.g. {@code -Dkey=value} with prefix {@code -D}) are not
     * parsed but kept as they are, for a child process; see {@link Parsed#passedThrough}.
     */
    ArgumentParser passThrough(String prefix) {
        passThroughPrefix = prefix;
        return this;
    }

    private String checkName(String name) {
        if (!name.startsWith("--") || name.length() < 3 || name.contains("=")) {
            throw new IllegalArgumentException("not an option name: " + name);
        }
        return name;
    }

    Parsed parse(List<String> args) throws UsageException {
        Parsed p = new Parsed();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                p.positionals.add(a);
            } else if (a.equals("--")) {
                optionsEnded = true;
            } else if (passThroughPrefix != null && a.startsWith(passThroughPrefix) && a.contains("=")) {
                p.passedThrough.add(a);
            } else if (!a.startsWith("--")) {
                p.positionals.add(a); // "-5", "-x": single-dash arguments are values, not options
            } else {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                if (flags.contains(name)) {
                    if (eq >= 0) {
                        throw new UsageException(name + " takes no value, got '" + a.substring(eq + 1) + "'");
                    }
                    p.flags.add(name);
                } else if (options.containsKey(name)) {
                    String value;
                    if (eq >= 0) {
                        value = a.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException(name + " needs a value (" + options.get(name) + ")");
                    }
                    List<String> values = p.values.computeIfAbsent(name, k -> new ArrayList<>());
                    if (!values.isEmpty() && !repeatable.contains(name)) {
                        throw new UsageException(name + " is given twice");
                    }
                    values.add(value);
                } else {
                    throw new UsageException("unknown option " + name);
                }
            }
        }
        return p;
    }

    /** The arguments of one invocation, read through the parser that made them. */
    final class Parsed {
        private final Set<String> flags = new HashSet<>();
        private final Map<String, List<String>> values = new LinkedHashMap<>();
        private final List<String> positionals = new ArrayList<>();
        private final List<String> passedThrough = new ArrayList<>();

        boolean flag(String name) {
            if (!ArgumentParser.this.flags.contains(name)) {
                throw new IllegalArgumentException("undeclared flag " + name);
            }
            return flags.contains(name);
        }

        /** The option's value, or null when it was not given. */
        String value(String name) {
            List<String> v = values(name);
            return v.isEmpty() ? null : v.get(0);
        }

        List<String> values(String name) {
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("undeclared option " + name);
            }
            return List.copyOf(values.getOrDefault(name, List.of()));
        }

        Path path(String name, Path otherwise) {
            String v = value(name);
            return v == null ? otherwise : Path.of(v);
        }

        String choice(String name, List<String> allowed, String otherwise) throws UsageException {
            String v = value(name);
            if (v == null) {
                return otherwise;
            }
            if (!allowed.contains(v)) {
                throw new UsageException(name + " must be " + String.join(" or ", allowed) + ", got '" + v + "'");
            }
            return v;
        }

        /** The option as an integer, or null when it was not given. */
        Integer integer(String name) throws UsageException {
            return number(name, null, Integer::valueOf, n -> true, "an integer");
        }

        long longValue(String name, long otherwise) throws UsageException {
            return number(name, otherwise, Long::valueOf, n -> true, "an integer");
        }

        int positiveInt(String name, int otherwise) throws UsageException {
            return number(name, otherwise, Integer::valueOf, n -> n > 0, "a positive integer");
        }

        double positiveNumber(String name, double otherwise) throws UsageException {
            return number(name, otherwise, Double::valueOf, d -> d > 0 && Double.isFinite(d), "a positive number");
        }

        /** The option parsed by {@code parse} and accepted by {@code valid}, else a usage error naming {@code what}. */
        private <T> T number(String name, T otherwise, Function<String, T> parse, Predicate<T> valid, String what)
                throws UsageException {
            String v = value(name);
            if (v == null) {
                return otherwise;
            }
            try {
                T n = parse.apply(v);
                if (valid.test(n)) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(name + " must be " + what + ", got '" + v + "'");
        }

        List<String> positionals() {
            return List.copyOf(positionals);
        }

        /** Exactly {@code n} positionals, else "expected {@code what}, got …". */
        List<String> positionals(int n, String what) throws UsageException {
            if (positionals.size() != n) {
                throw new UsageException("expected " + what + ", got " + positionals.size() + " argument(s)");
            }
            return positionals();
        }

        List<String> passedThrough() {
            return List.copyOf(passedThrough);
        }
    }
}
