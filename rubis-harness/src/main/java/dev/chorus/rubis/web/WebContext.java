package dev.chorus.rubis.web;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Objects;

/** What every servlet shares: the database (a pool over the benchmark's JDBC URL) and the clock that says "now". */
record WebContext(DataSource dataSource, Clock clock) {
    WebContext {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(clock, "clock");
    }
}
