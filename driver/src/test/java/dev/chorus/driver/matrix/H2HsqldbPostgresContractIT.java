package dev.chorus.driver.matrix;

/** The JDBC contract through Chorus on h2, hsqldb, postgresql (f = 1). */
class H2HsqldbPostgresContractIT extends EngineMatrixContract {
    @Override
    String[] engines() {
        return new String[] {"h2", "hsqldb", "postgresql"};
    }
}
