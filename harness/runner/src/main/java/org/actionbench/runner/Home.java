package org.actionbench.runner.cli;

import java.nio.file.Path;

/** The repository the launcher runs from ({@code -Dactionbench.home}), where models/ and annotation-ui/ are. */
final class Home {
    private Home() {
    }

    static Path path() {
        return Path.of(System.getProperty("actionbench.home", ".")).toAbsolutePath().normalize();
    }

    static Path bundledModel() {
        return path().resolve("models/actionbench-mini");
    }

    static Path bundledJudge() {
        return path().resolve("models/actionbench-mini-judge");
    }
}
