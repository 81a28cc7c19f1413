package dev.chorus.driver.corpus;

/** The translation corpus through Chorus on five replicas, f = 2: H2, Derby, HSQLDB and two PostgreSQL databases. */
class CorpusFiveReplicasIT extends EngineMatrixCorpus {
    @Override
    String[] engines() {
        return new String[] {"h2", "derby", "hsqldb", "postgresql", "postgresql"};
    }

    @Override
    int f() {
        return 2;
    }

    /** Equal answers measured when the floor was last raised; never lower it. */
    @Override
    protected int minEqualAnswers() {
        return 723;
    }
}
