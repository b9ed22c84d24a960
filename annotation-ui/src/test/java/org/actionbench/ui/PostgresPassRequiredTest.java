package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/** On CI the suite must also run against PostgreSQL (.ci/run names it); elsewhere the second pass is optional. */
class PostgresPassRequiredTest {
    @Test
    void ciNamesAPostgresql() {
        if ("true".equals(System.getenv("CI"))) {
            assertNotNull(System.getenv("ACTIONBENCH_TEST_PG_URL"), "CI=true but ACTIONBENCH_TEST_PG_URL is not set:"
                    + " the annotation UI's tests must also run against PostgreSQL (.ci/run starts one)");
        }
    }
}
