package dev.chorus.driver.corpus;

/** The translation corpus through Chorus on h2, derby, postgresql (f = 1). */
class CorpusH2DerbyPostgresIT extends EngineMatrixCorpus {
    @Override
    String[] engines() {
        return new String[] {"h2", "derby", "postgresql"};
    }

    /** Equal answers measured when the floor was last raised; never lower it. */
    @Override
    protected int minEqualAnswers() {
        return 724;
    }
}
