package dev.chorus.coordinator.vote;

import dev.chorus.coordinator.ResultTable;
import dev.chorus.writeset.Digest;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * One replica's answer to one request, materialised and digested in canonical form. Answers with equal digests
 * are equal for voting, whatever engine produced them.
 */
public sealed interface Answer {
    Digest digest();

    /**
     * Rows of a query (or of a metadata call).
     *
     * @param digest the rows as a multiset: what is voted on to find faulty replicas
     * @param order  the rows in the order they came, ties of the ORDER BY keys compared as a multiset; null when
     *               the statement has no ORDER BY. f+1 agreeing replicas must also agree on it before their order
     *               is shown to the client
     * @param labels the case-folded column labels: the client sees labels that f+1 replicas gave where possible
     */
    record Rows(ResultTable table, Digest digest, Digest order, Digest labels) implements Answer {
    }

    /** An update count, with the generated keys when they were asked for (else null). */
    record Count(long count, ResultTable keys, Digest digest) implements Answer {
    }

    /**
     * The counts of a batch, the error that stopped it (null when every entry ran), and the keys the entries
     * generated when they were asked for (else null).
     */
    record Batch(long[] counts, SQLException error, ResultTable keys, Digest digest) implements Answer {
        public Batch {
            counts = counts.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        @Override
        public String toString() {
            return "Batch[" + Arrays.toString(counts) + (error == null ? "" : ", " + error.getSQLState()) + "]";
        }
    }

    /** An error the replica reported; voted by the class of its SQLState. */
    record Failure(SQLException error, Digest digest) implements Answer {
    }

    /**
     * A transaction-control call that succeeded (commit, rollback, savepoint); {@code value} is the replica's own
     * result, for example its {@link java.sql.Savepoint}, or null.
     */
    record Done(Object value, Digest digest) implements Answer {
    }
}
