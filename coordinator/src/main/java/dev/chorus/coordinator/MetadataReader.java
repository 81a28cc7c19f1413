package dev.chorus.coordinator;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Reads one replica's answer to a {@link DatabaseMetaData} call and normalises it to the logical form Chorus
 * presents, so that correct replicas of different engines produce equal tables that can be voted on.
 *
 * <p>Normalising means: the same columns on every engine, the replica's default schema reported as Chorus's one
 * logical schema, engine-specific schemas and system tables left out, type names derived from the JDBC type code,
 * and rows sorted in the order the JDBC specification prescribes for the call. Implementations must be stateless
 * and thread-safe: the coordinator calls them on each replica's own thread at the same time.
 */
@FunctionalInterface
public interface MetadataReader {
    /**
     * @param metaData      the replica's own metadata object, valid only during this call
     * @param defaultSchema the replica connection's default schema, as that engine spells it (for example
     *                      {@code PUBLIC} on H2 and HSQLDB, {@code APP} on Derby)
     * @return the normalised answer
     */
    ResultTable read(DatabaseMetaData metaData, String defaultSchema) throws SQLException;
}
