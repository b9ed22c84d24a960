package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of {@code serve} that need no server: the port it announces and the --db argument. */
class ServeCommandTest {
    @Test
    void announcesThePortTheUiWillListenOn() throws Exception {
        assertEquals(8080, ServeCommand.port(List.of()));
        assertEquals(9090, ServeCommand.port(List.of("-Dactionbench.ui.data-dir=/tmp/x", "-Dquarkus.http.port=9090")));
        assertThrows(UsageException.class, () -> ServeCommand.port(List.of("-Dquarkus.http.port=eighty")));
        // The UI inherits the environment, where Quarkus reads the port too, below a -D.
        assertEquals(7070, ServeCommand.port(List.of(), java.util.Map.of("QUARKUS_HTTP_PORT", "7070")));
        assertEquals(9090, ServeCommand.port(List.of("-Dquarkus.http.port=9090"),
                java.util.Map.of("QUARKUS_HTTP_PORT", "7070")));
        assertThrows(UsageException.class, () -> ServeCommand.port(List.of(), java.util.Map.of("QUARKUS_HTTP_PORT", "x")));
    }

    @Test
    void dbNeedsAPostgresqlUrl() {
        MainTest.Result r = MainTest.run("serve", "--db", "jdbc:h2:mem:x");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--db needs a PostgreSQL JDBC URL"), r.err());
    }
}
