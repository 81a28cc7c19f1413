package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.MetadataReader;
import dev.chorus.coordinator.ResultTable;

import java.sql.SQLException;

/**
 * Where {@link ChorusDatabaseMetaData} gets its result sets from: the connection's coordinator session, which
 * runs the reader on every healthy replica in order with the session's other statements and votes on the
 * normalised answers like on any query.
 */
@FunctionalInterface
public interface MetadataSource {
    /**
     * @param call   the metadata call, for messages (for example {@code "getColumns(null, PUBLIC, T%, %)"})
     * @param reader reads and normalises one replica's answer
     * @return the voted answer
     * @throws SQLException when no quorum is reached, too few replicas are healthy, or the connection is closed
     */
    ResultTable vote(String call, MetadataReader reader) throws SQLException;
}
