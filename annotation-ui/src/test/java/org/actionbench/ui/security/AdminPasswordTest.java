package org.actionbench.ui.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.actionbench.ui.UiConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin password from the environment or a file, never only from -D (which ps shows). */
class AdminPasswordTest {
    private record Admin(Optional<String> password, Optional<Path> passwordFile) implements UiConfig.Admin {
        @Override
        public String username() {
            return "admin";
        }
    }

    @TempDir
    Path dir;

    @Test
    void theFilesFirstLineIsThePassword() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret pass phrase\nsecond line ignored\n");
        assertEquals(Optional.of("s3cret pass phrase"),
                AdminBootstrap.configuredPassword(new Admin(Optional.empty(), Optional.of(file))));
        assertEquals(Optional.of("given"), AdminBootstrap.configuredPassword(new Admin(Optional.of("given"),
                Optional.empty())));
        assertEquals(Optional.empty(), AdminBootstrap.configuredPassword(new Admin(Optional.empty(), Optional.empty())));
    }

    @Test
    void anEmptyMissingOrDoubledSettingStopsTheStartNamingIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        var e1 = assertThrows(IllegalStateException.class,
                () -> AdminBootstrap.configuredPassword(new Admin(Optional.empty(), Optional.of(empty))));
        assertTrue(e1.getMessage().contains(empty.toString()) && e1.getMessage().contains("empty"), e1.getMessage());
        Path missing = dir.resolve("missing");
        var e2 = assertThrows(IllegalStateException.class,
                () -> AdminBootstrap.configuredPassword(new Admin(Optional.empty(), Optional.of(missing))));
        assertTrue(e2.getMessage().contains("password-file") && e2.getMessage().contains(missing.toString()),
                e2.getMessage());
        Path file = Files.writeString(dir.resolve("pw"), "x\n");
        var e3 = assertThrows(IllegalStateException.class,
                () -> AdminBootstrap.configuredPassword(new Admin(Optional.of("y"), Optional.of(file))));
        assertTrue(e3.getMessage().contains("both set"), e3.getMessage());
    }
}
