package dev.chorus.driver.matrix;

/** The JDBC contract through Chorus on h2, derby, postgresql (f = 1). */
class H2DerbyPostgresContractIT extends EngineMatrixContract {
    @Override
    String[] engines() {
        return new String[] {"h2", "derby", "postgresql"};
    }
}
