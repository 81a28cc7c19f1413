package dev.chorus.rubis.emulator;

import dev.chorus.rubis.db.ReferenceData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A RUBiS transition table (SPEC.md section 5.1) and the rule that walks it (section 5.2).
 *
 * <p>File format: tab separated text (a trailing {@code \r} is stripped from every line). Line 1 holds
 * {@code RUBiS Transition Table} and the table's name; a header follows (its first cell spans two physical lines);
 * then exactly 29 data lines, one per {@link State} in row order: the row name, 27 probabilities, the waiting time in
 * ms. Cells after the waiting time (the rescaled {@code _03/_05/_15/_2} variants carry one more) and every line after
 * the 29 data rows ("Header probability", helper tables) are ignored. The data rows are found as the first line whose
 * first cell is {@code Home}; their names are checked against {@link State#rowName()}.
 *
 * <p>Semantics: <b>column j = the current ("from") state, row i = the next ("to") state</b>; the waiting time on row
 * i is the think time before requesting state i when TPC-W think time is off.
 *
 * <p>{@link #next(State, Random)} reproduces the original cumulative rule exactly (quirk decision 1: KEEP): draw
 * r in [0,1), walk the rows of the current column in order accumulating the probabilities, and choose the first row
 * whose running sum exceeds r. Columns are not normalised: when a column sums to more than 1 the rows late in the order
 * (often End of Session) are cut off; when it sums to less than 1 and r falls past the total, the state does not
 * change ("stay": the same page is requested again). {@link #effectiveProbabilities(State)} computes the resulting
 * distribution exactly (SPEC.md section 5.4).
 */
public final class TransitionTable {
    /** Classpath name of the bidding mix table (the representative mix, "15 % read-write"). */
    public static final String BIDDING_MIX = "default_transitions.txt";
    /** Classpath name of the browsing mix table (read-only). */
    public static final String BROWSING_MIX = "browse_only_transitions.txt";

    private static final String FIRST_ROW = State.HOME.rowName();
    private static final int WAIT_COLUMN = 1 + State.PAGE_STATES;

    private final String name;
    private final String title;
    /** probabilities[to row][from column]. */
    private final double[][] probabilities;
    private final long[] waitingTimeMillis;

    private TransitionTable(String name, String title, double[][] probabilities, long[] waitingTimeMillis) {
        this.name = name;
        this.title = title;
        this.probabilities = probabilities;
        this.waitingTimeMillis = waitingTimeMillis;
    }

    /** The bidding mix ({@value #BIDDING_MIX}). */
    public static TransitionTable biddingMix() {
        return fromClasspath(BIDDING_MIX);
    }

    /** The browsing mix ({@value #BROWSING_MIX}). */
    public static TransitionTable browsingMix() {
        return fromClasspath(BROWSING_MIX);
    }

    /**
     * Loads a table from the classpath: a plain file name is looked up under {@code /rubis/transitions/}; a name
     * starting with {@code /} is an absolute classpath resource.
     */
    public static TransitionTable fromClasspath(String resource) {
        List<String> lines;
        if (resource.startsWith("/")) {
            if (!resource.startsWith("/rubis/")) {
                throw new IllegalArgumentException("classpath tables live under /rubis/: " + resource);
            }
            lines = ReferenceData.lines(resource.substring("/rubis/".length()));
        } else {
            lines = ReferenceData.lines("transitions/" + resource);
        }
        return parse(resource, lines);
    }

    /** Loads a table from a file. */
    public static TransitionTable fromPath(Path file) {
        try {
            return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transition table " + file, e);
        }
    }

    /**
     * Parses the lines of a table file (line terminators removed; a trailing {@code \r} is tolerated).
     *
     * @param name where the lines came from (for messages and reports)
     * @throws IllegalArgumentException if the table does not have the 29 expected rows of 27 probabilities and a
     *                                  waiting time
     */
    public static TransitionTable parse(String name, List<String> lines) {
        int first = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (cells(lines.get(i))[0].trim().equals(FIRST_ROW)) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException(name + ": no data row named '" + FIRST_ROW + "'");
        }
        if (first + State.ROWS > lines.size()) {
            throw new IllegalArgumentException(name + ": expected " + State.ROWS + " data rows from line " + (first + 1)
                    + ", the file has only " + lines.size() + " lines");
        }
        String[] titleCells = lines.isEmpty() ? new String[0] : cells(lines.get(0));
        String title = titleCells.length > 1 ? titleCells[1].trim() : "";
        double[][] p = new double[State.ROWS][State.PAGE_STATES];
        long[] wait = new long[State.ROWS];
        for (int row = 0; row < State.ROWS; row++) {
            int lineNo = first + row + 1;
            String[] c = cells(lines.get(first + row));
            State state = State.ofRow(row);
            if (!c[0].trim().equals(state.rowName())) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": expected row '" + state.rowName()
                        + "', found '" + c[0].trim() + "'");
            }
            if (c.length <= WAIT_COLUMN) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": expected " + (WAIT_COLUMN + 1)
                        + " cells, found " + c.length);
            }
            for (int col = 0; col < State.PAGE_STATES; col++) {
                double v = number(name, lineNo, c[col + 1]);
                if (v < 0 || v > 1) {
                    throw new IllegalArgumentException(name + " line " + lineNo + ": probability out of [0,1]: " + v);
                }
                p[row][col] = v;
            }
            double w = number(name, lineNo, c[WAIT_COLUMN]);
            if (w < 0) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": negative waiting time " + w);
            }
            wait[row] = Math.round(w);
        }
        return new TransitionTable(name, title, p, wait);
    }

    private static String[] cells(String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return l.split("\t", -1);
    }

    private static double number(String name, int lineNo, String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " line " + lineNo + ": not a number: '" + s + "'", e);
        }
    }

    /** Where the table was loaded from. */
    public String name() {
        return name;
    }

    /** The table's own name (second cell of line 1), e.g. {@code Default transition set}. */
    public String title() {
        return title;
    }

    /**
     * The raw table cell: the nominal probability of going from {@code from} (a page state, the column) to
     * {@code to} (any state, the row).
     */
    public double probability(State from, State to) {
        return probabilities[to.row()][column(from)];
    }

    /** The sum of {@code from}'s column (1 when normalised; more means cut-off, less means "stay"). */
    public double columnSum(State from) {
        int col = column(from);
        double sum = 0;
        for (int row = 0; row < State.ROWS; row++) {
            sum += probabilities[row][col];
        }
        return sum;
    }

    /** The nominal waiting time (ms) before requesting {@code to}, used when TPC-W think time is off. */
    public long waitingTimeMillis(State to) {
        return waitingTimeMillis[to.row()];
    }

    /**
     * Draws the next state from page state {@code current} with the cumulative rule (see the class comment). Returns
     * {@code current} itself when the draw falls past the column's total ("stay"); may return {@link State#BACK} or
     * {@link State#END}.
     */
    public State next(State current, Random random) {
        int col = column(current);
        double r = random.nextDouble();
        double cumulative = 0;
        for (int row = 0; row < State.ROWS; row++) {
            cumulative += probabilities[row][col];
            if (r < cumulative) {
                return State.ofRow(row);
            }
        }
        return current;
    }

    /**
     * The exact distribution of {@link #next(State, Random)} from {@code current}, indexed by {@link State#row()}:
     * row i gets the part of its probability that lies below 1 in the running sum (cut-off), and the part of [0,1)
     * past the column's total ("stay") is added to {@code current}'s own entry. The entries sum to 1.
     */
    public double[] effectiveProbabilities(State current) {
        int col = column(current);
        double[] out = new double[State.ROWS];
        double cumulative = 0;
        for (int row = 0; row < State.ROWS; row++) {
            double before = Math.min(cumulative, 1);
            cumulative += probabilities[row][col];
            out[row] = Math.min(cumulative, 1) - before;
        }
        out[current.row()] += 1 - Math.min(cumulative, 1);
        return out;
    }

    private static int column(State from) {
        if (from.isPseudo()) {
            throw new IllegalArgumentException(from + " is a pseudo-state and has no column");
        }
        return from.row();
    }

    @Override
    public String toString() {
        return "TransitionTable[" + name + ": " + title + "]";
    }
}
