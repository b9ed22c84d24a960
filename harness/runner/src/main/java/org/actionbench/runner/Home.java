package org.actionbench.runner;

import java.nio.file.Path;

/**
 * The repository the launcher runs from ({@code -Dactionbench.home}), where models/ and annotation-ui/ are:
 * the commands find the bundled model and judge here, and the cell runner the judge it measures
 * ActionBench-Mini cells with.
 */
public final class Home {
    private Home() {
    }

    public static Path path() {
        return Path.of(System.getProperty("actionbench.home", ".")).toAbsolutePath().normalize();
    }

    public static Path bundledModel() {
        return path().resolve("models/actionbench-mini");
    }

    public static Path bundledJudge() {
        return path().resolve("models/actionbench-mini-judge");
    }
}
