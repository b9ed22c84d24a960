package org.actionbench.engine.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a config file and checks that reading it fails with a message naming the file and the field. */
final class ConfigAssertions {
    private ConfigAssertions() {
    }

    interface Reader {
        Object read(Path file) throws IOException;
    }

    static ConfigException readFails(Path dir, Reader reader, String json, String... fragments) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), "file not named first: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
        }
        return e;
    }
}
