package dev.chorus.rubis.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema is accepted by plain H2 and by Chorus (H2, Derby and HSQLDB behind it). */
class SchemaIT {
    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:mem:schema_it;DB_CLOSE_DELAY=-1", "jdbc:chorus:mem:schema_it"})
    void everyTableIsCreated(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            Schema.create(c);
            List<String> tables = new ArrayList<>();
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            }
            assertThat(tables).containsAll(Schema.TABLES);
        }
    }
}
