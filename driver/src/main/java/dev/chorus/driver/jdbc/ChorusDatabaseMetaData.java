package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.Column;
import dev.chorus.coordinator.MetadataReader;
import dev.chorus.coordinator.ResultTable;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What Chorus as a whole is and supports, and the schema of its one logical database.
 *
 * <p>Capabilities are answered for Chorus, not for any one replica: a feature is reported only where every replica
 * engine supports it in the same way (or Chorus itself provides it), because a statement that one engine rejects
 * fails as a whole. Schema information comes from the replicas: each result-set method hands a {@link MetadataReader}
 * from {@link MetadataReaders} to the {@link MetadataSource}, which runs it on every healthy replica in order with the
 * session's statements and votes on the normalised answers. Answers that are Chorus's own (schemas, catalogs, table
 * types, type info, and the calls for which Chorus has nothing to report) are built locally.
 *
 * <p>Holds only final references and no state of its own, so it is as thread-safe as its connection and source.
 */
public final class ChorusDatabaseMetaData implements DatabaseMetaData {
    /** The version when the jar's manifest does not give one (tests, IDE runs). */
    static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";
    static final String VERSION = version();
    static final String PRODUCT_NAME = "Chorus";
    static final String DRIVER_NAME = "Chorus JDBC driver";

    /*
     * H2's words beyond SQL:2003: the application writes H2's SQL, so these cannot be its unquoted identifiers. Words
     * only another engine reserves are not the application's concern, since Chorus renders each statement for each
     * engine.
     */
    static final String SQL_KEYWORDS = "CURRENT_CATALOG,CURRENT_SCHEMA,GROUPS,IF,ILIKE,KEY,LIMIT,MINUS,OFFSET,QUALIFY,"
            + "REGEXP,ROWNUM,TOP,_ROWID_";
    /*
     * The functions every replica engine runs with the same meaning, tried on each as a plain call and in the JDBC
     * {fn ...} escape; CONCAT, SUBSTRING(s, start, length), CURDATE and CURTIME work on Derby only in the escape.
     * Left out where an engine lacks the function or it means something else: LENGTH (Derby's escape ignores
     * trailing blanks), CHAR (Derby casts instead of converting a code), POWER, ROUND, TRUNCATE, REPLACE, LEFT,
     * RIGHT, CHAR_LENGTH, SUBSTRING(s FROM ...), EXTRACT and plain RAND() (not in Derby; RAND(seed) is), USER (each
     * replica has its own user).
     */
    static final String NUMERIC_FUNCTIONS = "ABS,ACOS,ASIN,ATAN,ATAN2,CEILING,COS,COT,DEGREES,EXP,FLOOR,LOG,LOG10,MOD,"
            + "PI,RADIANS,RAND,SIGN,SIN,SQRT,TAN";
    static final String STRING_FUNCTIONS = "CONCAT,LCASE,LOCATE,LOWER,LTRIM,RTRIM,SUBSTR,SUBSTRING,TRIM,UCASE,UPPER";
    static final String SYSTEM_FUNCTIONS = "COALESCE,NULLIF";
    static final String TIME_DATE_FUNCTIONS = "CURDATE,CURRENT_DATE,CURRENT_TIME,CURRENT_TIMESTAMP,CURTIME,HOUR,MINUTE,"
            + "MONTH,SECOND,TIMESTAMPADD,TIMESTAMPDIFF,YEAR";

    private final Connection connection;
    private final String url;
    private final String userName;
    private final MetadataSource source;

    /**
     * @param connection the Chorus connection this describes, never null
     * @param url        the Chorus URL the connection was opened with, never null
     * @param userName   the user as the application gave it, null when none was given
     * @param source     where voted metadata answers come from, never null
     */
    public ChorusDatabaseMetaData(Connection connection, String url, String userName, MetadataSource source) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.url = Objects.requireNonNull(url, "url");
        this.userName = userName;
        this.source = Objects.requireNonNull(source, "source");
    }

    private static String version() {
        String v = ChorusDatabaseMetaData.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? FALLBACK_VERSION : v;
    }

    /** The numeric part at {@code index} of a dotted version ("0.1.0-SNAPSHOT": 0, 1, 0), 0 when absent. */
    static int versionPart(String version, int index) {
        String[] parts = version.split("[.-]");
        if (index >= parts.length) {
            return 0;
        }
        String digits = parts[index].replaceAll("\\D.*", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    private ResultSet voted(MetadataReader reader, String method, Object... arguments) throws SQLException {
        String call = method + "(" + Arrays.deepToString(arguments).replaceAll("^\\[|]$", "") + ")";
        return new ChorusResultSet(null, source.vote(call, reader), null);
    }

    private static ResultSet local(ResultTable table) {
        return new ChorusResultSet(null, table, null);
    }

    private static ResultSet none(List<Column> layout) {
        return local(MetadataReaders.empty(layout));
    }

    // ---------------------------------------------------------------------------------------------- identity

    @Override public Connection getConnection() { return connection; }
    @Override public String getURL() { return url; }
    @Override public String getUserName() { return userName; }
    @Override public boolean isReadOnly() throws SQLException { return connection.isReadOnly(); }
    @Override public String getDatabaseProductName() { return PRODUCT_NAME; }
    @Override public String getDatabaseProductVersion() { return VERSION; }
    @Override public int getDatabaseMajorVersion() { return versionPart(VERSION, 0); }
    @Override public int getDatabaseMinorVersion() { return versionPart(VERSION, 1); }
    @Override public String getDriverName() { return DRIVER_NAME; }
    @Override public String getDriverVersion() { return VERSION; }
    @Override public int getDriverMajorVersion() { return versionPart(VERSION, 0); }
    @Override public int getDriverMinorVersion() { return versionPart(VERSION, 1); }
    @Override public int getJDBCMajorVersion() { return 4; }
    @Override public int getJDBCMinorVersion() { return 2; }
    /** Replicas report SQL:2003 SQLStates, and so do Chorus's own errors. */
    @Override public int getSQLStateType() { return sqlStateSQL; }

    // ---------------------------------------------------------------------------------------------- identifiers

    // All three engines store unquoted identifiers in upper case and quoted ones as written.
    @Override public boolean supportsMixedCaseIdentifiers() { return false; }
    @Override public boolean storesUpperCaseIdentifiers() { return true; }
    @Override public boolean storesLowerCaseIdentifiers() { return false; }
    @Override public boolean storesMixedCaseIdentifiers() { return false; }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() { return true; }
    @Override public boolean storesUpperCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesLowerCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesMixedCaseQuotedIdentifiers() { return true; }
    @Override public String getIdentifierQuoteString() { return "\""; }
    @Override public String getSQLKeywords() { return SQL_KEYWORDS; }
    @Override public String getSearchStringEscape() { return "\\"; }
    @Override public String getExtraNameCharacters() { return ""; }
    @Override public String getNumericFunctions() { return NUMERIC_FUNCTIONS; }
    @Override public String getStringFunctions() { return STRING_FUNCTIONS; }
    @Override public String getSystemFunctions() { return SYSTEM_FUNCTIONS; }
    @Override public String getTimeDateFunctions() { return TIME_DATE_FUNCTIONS; }

    // ---------------------------------------------------------------------------------------------- catalogs and schemas

    // Chorus presents one schema and no catalog: each replica's default schema is its schema.
    @Override public String getSchemaTerm() { return "schema"; }
    @Override public String getProcedureTerm() { return "procedure"; }
    @Override public String getCatalogTerm() { return "catalog"; }
    @Override public String getCatalogSeparator() { return ""; }
    @Override public boolean isCatalogAtStart() { return true; }
    @Override public boolean supportsSchemasInDataManipulation() { return true; }
    @Override public boolean supportsSchemasInTableDefinitions() { return true; }
    @Override public boolean supportsSchemasInIndexDefinitions() { return true; }
    @Override public boolean supportsSchemasInProcedureCalls() { return false; }
    @Override public boolean supportsSchemasInPrivilegeDefinitions() { return false; }
    @Override public boolean supportsCatalogsInDataManipulation() { return false; }
    @Override public boolean supportsCatalogsInTableDefinitions() { return false; }
    @Override public boolean supportsCatalogsInIndexDefinitions() { return false; }
    @Override public boolean supportsCatalogsInProcedureCalls() { return false; }
    @Override public boolean supportsCatalogsInPrivilegeDefinitions() { return false; }

    // ---------------------------------------------------------------------------------------------- SQL

    /*
     * NULL ordering is H2's, the application's dialect: NULL sorts low (first ascending, last descending). Chorus
     * makes the replicas agree on it only from the SQL translation issue on; Derby sorts NULL high, so until then an
     * ORDER BY over a column holding NULL finds Derby outvoted.
     */
    @Override public boolean nullsAreSortedHigh() { return false; }
    @Override public boolean nullsAreSortedLow() { return true; }
    @Override public boolean nullsAreSortedAtStart() { return false; }
    @Override public boolean nullsAreSortedAtEnd() { return false; }
    @Override public boolean nullPlusNonNullIsNull() { return true; }
    @Override public boolean supportsANSI92EntryLevelSQL() { return true; }
    @Override public boolean supportsANSI92IntermediateSQL() { return false; }
    @Override public boolean supportsANSI92FullSQL() { return false; }
    @Override public boolean supportsMinimumSQLGrammar() { return true; }
    @Override public boolean supportsCoreSQLGrammar() { return true; }
    @Override public boolean supportsExtendedSQLGrammar() { return false; }
    @Override public boolean supportsIntegrityEnhancementFacility() { return true; }
    @Override public boolean supportsAlterTableWithAddColumn() { return true; }
    @Override public boolean supportsAlterTableWithDropColumn() { return true; }
    @Override public boolean supportsColumnAliasing() { return true; }
    @Override public boolean supportsTableCorrelationNames() { return true; }
    @Override public boolean supportsDifferentTableCorrelationNames() { return false; }
    /** CONVERT is not written the same way on every engine (Derby has only CAST). */
    @Override public boolean supportsConvert() { return false; }
    @Override public boolean supportsConvert(int fromType, int toType) { return false; }
    @Override public boolean supportsExpressionsInOrderBy() { return true; }
    @Override public boolean supportsOrderByUnrelated() { return true; }
    @Override public boolean supportsGroupBy() { return true; }
    @Override public boolean supportsGroupByUnrelated() { return true; }
    @Override public boolean supportsGroupByBeyondSelect() { return true; }
    @Override public boolean supportsLikeEscapeClause() { return true; }
    @Override public boolean supportsNonNullableColumns() { return true; }
    @Override public boolean supportsOuterJoins() { return true; }
    /** Neither H2 nor Derby accepts FULL OUTER JOIN. */
    @Override public boolean supportsFullOuterJoins() { return false; }
    @Override public boolean supportsLimitedOuterJoins() { return true; }
    @Override public boolean supportsUnion() { return true; }
    @Override public boolean supportsUnionAll() { return true; }
    @Override public boolean supportsSubqueriesInComparisons() { return true; }
    @Override public boolean supportsSubqueriesInExists() { return true; }
    @Override public boolean supportsSubqueriesInIns() { return true; }
    @Override public boolean supportsSubqueriesInQuantifieds() { return true; }
    @Override public boolean supportsCorrelatedSubqueries() { return true; }
    /** Derby allows FOR UPDATE only on cursors it can update in place, so it is not usable alike everywhere. */
    @Override public boolean supportsSelectForUpdate() { return false; }
    @Override public boolean supportsPositionedDelete() { return false; }
    @Override public boolean supportsPositionedUpdate() { return false; }

    // ---------------------------------------------------------------------------------------------- procedures

    // Chorus exposes no stored procedures or functions: their bodies would run unvoted inside each engine.
    @Override public boolean supportsStoredProcedures() { return false; }
    @Override public boolean supportsStoredFunctionsUsingCallSyntax() { return false; }
    /** Vacuously true: there are no procedures to call. */
    @Override public boolean allProceduresAreCallable() { return true; }
    /** Chorus has no privileges of its own: every table the application sees can be selected. */
    @Override public boolean allTablesAreSelectable() { return true; }
    @Override public boolean supportsRefCursors() { return false; }

    // ---------------------------------------------------------------------------------------------- transactions

    @Override public boolean supportsTransactions() { return true; }
    /** The coordinator's strict two-phase locking serializes conflicting transactions. */
    @Override public int getDefaultTransactionIsolation() { return Connection.TRANSACTION_SERIALIZABLE; }

    /** Every level is served, as serializable, which JDBC permits; there is no running without transactions. */
    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
                 Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE -> true;
            default -> false;
        };
    }

    @Override public boolean supportsMultipleTransactions() { return true; }
    /** H2's semantics, which Chorus follows: DDL commits the open transaction. */
    @Override public boolean dataDefinitionCausesTransactionCommit() { return true; }
    @Override public boolean dataDefinitionIgnoredInTransactions() { return false; }
    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() { return false; }
    @Override public boolean supportsDataManipulationTransactionsOnly() { return true; }
    @Override public boolean supportsSavepoints() { return true; }
    // Result sets are voted snapshots that Chorus closes at commit; statements stay open.
    @Override public boolean supportsOpenCursorsAcrossCommit() { return false; }
    @Override public boolean supportsOpenCursorsAcrossRollback() { return false; }
    @Override public boolean supportsOpenStatementsAcrossCommit() { return true; }
    @Override public boolean supportsOpenStatementsAcrossRollback() { return true; }
    @Override public boolean autoCommitFailureClosesAllResultSets() { return false; }

    // ---------------------------------------------------------------------------------------------- statements and results

    @Override public boolean supportsBatchUpdates() { return true; }
    @Override public boolean supportsGetGeneratedKeys() { return true; }
    @Override public boolean generatedKeyAlwaysReturned() { return false; }
    @Override public boolean supportsNamedParameters() { return false; }
    @Override public boolean supportsMultipleOpenResults() { return false; }
    @Override public boolean supportsMultipleResultSets() { return false; }
    @Override public boolean supportsStatementPooling() { return false; }
    @Override public boolean supportsSharding() { return false; }

    /** Result sets are voted snapshots: forward only and read only. */
    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override public int getResultSetHoldability() { return ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    // No result set can be updated or scrolled, so no change is ever seen or detected through one.
    @Override public boolean ownUpdatesAreVisible(int type) { return false; }
    @Override public boolean ownDeletesAreVisible(int type) { return false; }
    @Override public boolean ownInsertsAreVisible(int type) { return false; }
    @Override public boolean othersUpdatesAreVisible(int type) { return false; }
    @Override public boolean othersDeletesAreVisible(int type) { return false; }
    @Override public boolean othersInsertsAreVisible(int type) { return false; }
    @Override public boolean updatesAreDetected(int type) { return false; }
    @Override public boolean deletesAreDetected(int type) { return false; }
    @Override public boolean insertsAreDetected(int type) { return false; }
    /**
     * Large objects reach the client as in-memory copies of the voted value, so a change to one is made on the copy
     * and must be written back with an update statement.
     */
    @Override public boolean locatorsUpdateCopy() { return true; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }
    // Replicas keep their own storage; Chorus keeps no file per table the application should know of.
    @Override public boolean usesLocalFiles() { return false; }
    @Override public boolean usesLocalFilePerTable() { return false; }

    // ---------------------------------------------------------------------------------------------- limits (0: unknown)

    // The engines' limits differ and Chorus does not enforce the smallest, so every limit is unknown.
    @Override public int getMaxBinaryLiteralLength() { return 0; }
    @Override public int getMaxCharLiteralLength() { return 0; }
    @Override public int getMaxColumnNameLength() { return 0; }
    @Override public int getMaxColumnsInGroupBy() { return 0; }
    @Override public int getMaxColumnsInIndex() { return 0; }
    @Override public int getMaxColumnsInOrderBy() { return 0; }
    @Override public int getMaxColumnsInSelect() { return 0; }
    @Override public int getMaxColumnsInTable() { return 0; }
    @Override public int getMaxConnections() { return 0; }
    @Override public int getMaxCursorNameLength() { return 0; }
    @Override public int getMaxIndexLength() { return 0; }
    @Override public int getMaxSchemaNameLength() { return 0; }
    @Override public int getMaxProcedureNameLength() { return 0; }
    @Override public int getMaxCatalogNameLength() { return 0; }
    @Override public int getMaxRowSize() { return 0; }
    @Override public boolean doesMaxRowSizeIncludeBlobs() { return false; }
    @Override public int getMaxStatementLength() { return 0; }
    @Override public int getMaxStatements() { return 0; }
    @Override public int getMaxTableNameLength() { return 0; }
    @Override public int getMaxTablesInSelect() { return 0; }
    @Override public int getMaxUserNameLength() { return 0; }
    @Override public long getMaxLogicalLobSize() { return 0; }

    // ---------------------------------------------------------------------------------------------- voted schema

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        return voted(MetadataReaders.tables(catalog, schemaPattern, tableNamePattern, types), "getTables", catalog,
                schemaPattern, tableNamePattern, types);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
                                String columnNamePattern) throws SQLException {
        return voted(MetadataReaders.columns(catalog, schemaPattern, tableNamePattern, columnNamePattern),
                "getColumns", catalog, schemaPattern, tableNamePattern, columnNamePattern);
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        return voted(MetadataReaders.primaryKeys(catalog, schema, table), "getPrimaryKeys", catalog, schema, table);
    }

    /** Statistics are never reported (they are estimates engines disagree on), so {@code approximate} is moot. */
    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        return voted(MetadataReaders.indexInfo(catalog, schema, table, unique), "getIndexInfo", catalog, schema,
                table, unique, approximate);
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return voted(MetadataReaders.importedKeys(catalog, schema, table), "getImportedKeys", catalog, schema, table);
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return voted(MetadataReaders.exportedKeys(catalog, schema, table), "getExportedKeys", catalog, schema, table);
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
                                       String foreignCatalog, String foreignSchema, String foreignTable)
            throws SQLException {
        return voted(MetadataReaders.crossReference(parentCatalog, parentSchema, parentTable, foreignCatalog,
                        foreignSchema, foreignTable), "getCrossReference", parentCatalog, parentSchema, parentTable,
                foreignCatalog, foreignSchema, foreignTable);
    }

    // ---------------------------------------------------------------------------------------------- Chorus's own answers

    /** The one logical schema is Chorus's, whatever the replicas call theirs. */
    @Override
    public ResultSet getSchemas() {
        return local(MetadataReaders.schemas(null, null));
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) {
        return local(MetadataReaders.schemas(catalog, schemaPattern));
    }

    @Override
    public ResultSet getCatalogs() {
        return none(MetadataReaders.CATALOGS);
    }

    @Override
    public ResultSet getTableTypes() {
        return local(MetadataReaders.tableTypes());
    }

    /** The types that work alike on every replica; a replica's own list would name types others lack. */
    @Override
    public ResultSet getTypeInfo() {
        return local(MetadataReaders.typeInfo());
    }

    /*
     * Empty, truthfully: Chorus exposes no stored procedures or functions (they would run unvoted inside one engine),
     * no user-defined or structured types and no table inheritance (no two engines share them), no privileges (Chorus
     * connects to every replica as one user and does not replicate GRANT), no client info properties, no pseudo or
     * automatically updated columns, and no row identifier it can promise to stay valid across replicas (the primary
     * key, from getPrimaryKeys, is what identifies a row).
     */

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) {
        return none(MetadataReaders.PROCEDURES);
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
                                         String columnNamePattern) {
        return none(MetadataReaders.PROCEDURE_COLUMNS);
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) {
        return none(MetadataReaders.FUNCTIONS);
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
                                        String columnNamePattern) {
        return none(MetadataReaders.FUNCTION_COLUMNS);
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types) {
        return none(MetadataReaders.UDTS);
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) {
        return none(MetadataReaders.SUPER_TYPES);
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) {
        return none(MetadataReaders.SUPER_TABLES);
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
                                   String attributeNamePattern) {
        return none(MetadataReaders.ATTRIBUTES);
    }

    @Override
    public ResultSet getClientInfoProperties() {
        return none(MetadataReaders.CLIENT_INFO_PROPERTIES);
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
                                      String columnNamePattern) {
        return none(MetadataReaders.PSEUDO_COLUMNS);
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) {
        return none(MetadataReaders.ROW_IDENTIFIER);
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable) {
        return none(MetadataReaders.ROW_IDENTIFIER);
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern) {
        return none(MetadataReaders.COLUMN_PRIVILEGES);
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern) {
        return none(MetadataReaders.TABLE_PRIVILEGES);
    }

    // ---------------------------------------------------------------------------------------------- wrapper

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Wrappers.isWrapperFor(this, iface);
    }
}
