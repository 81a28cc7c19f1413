package dev.chorus.driver.matrix;

/**
 * The JDBC contract through Chorus on five replicas, f = 2: H2, Derby, HSQLDB and two PostgreSQL databases (four
 * engines, so one repeats; PostgreSQL twice makes the engine most unlike H2 the largest group).
 */
class FiveReplicasContractIT extends EngineMatrixContract {
    @Override
    String[] engines() {
        return new String[] {"h2", "derby", "hsqldb", "postgresql", "postgresql"};
    }

    @Override
    int f() {
        return 2;
    }
}
