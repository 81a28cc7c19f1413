package dev.chorus.driver.matrix;

/** The JDBC contract through Chorus on derby, hsqldb, postgresql (f = 1). */
class DerbyHsqldbPostgresContractIT extends EngineMatrixContract {
    @Override
    String[] engines() {
        return new String[] {"derby", "hsqldb", "postgresql"};
    }
}
