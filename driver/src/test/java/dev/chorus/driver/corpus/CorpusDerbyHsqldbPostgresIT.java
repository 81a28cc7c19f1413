package dev.chorus.driver.corpus;

/** The translation corpus through Chorus on derby, hsqldb, postgresql (f = 1). */
class CorpusDerbyHsqldbPostgresIT extends EngineMatrixCorpus {
    @Override
    String[] engines() {
        return new String[] {"derby", "hsqldb", "postgresql"};
    }

    /** Equal answers measured when the floor was last raised; never lower it. */
    @Override
    protected int minEqualAnswers() {
        return 725;
    }
}
