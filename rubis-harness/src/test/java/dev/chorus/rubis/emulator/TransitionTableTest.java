package dev.chorus.rubis.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.chorus.rubis.emulator.State.ABOUT_ME;
import static dev.chorus.rubis.emulator.State.ABOUT_ME_AUTH;
import static dev.chorus.rubis.emulator.State.BACK;
import static dev.chorus.rubis.emulator.State.BROWSE;
import static dev.chorus.rubis.emulator.State.BROWSE_CATEGORIES;
import static dev.chorus.rubis.emulator.State.BROWSE_CATEGORIES_IN_REGION;
import static dev.chorus.rubis.emulator.State.BROWSE_REGIONS;
import static dev.chorus.rubis.emulator.State.BUY_NOW;
import static dev.chorus.rubis.emulator.State.BUY_NOW_AUTH;
import static dev.chorus.rubis.emulator.State.END;
import static dev.chorus.rubis.emulator.State.HOME;
import static dev.chorus.rubis.emulator.State.PUT_BID;
import static dev.chorus.rubis.emulator.State.PUT_BID_AUTH;
import static dev.chorus.rubis.emulator.State.PUT_COMMENT;
import static dev.chorus.rubis.emulator.State.REGISTER;
import static dev.chorus.rubis.emulator.State.REGISTER_ITEM;
import static dev.chorus.rubis.emulator.State.REGISTER_USER;
import static dev.chorus.rubis.emulator.State.SEARCH_ITEMS_IN_CATEGORY;
import static dev.chorus.rubis.emulator.State.SEARCH_ITEMS_IN_REGION;
import static dev.chorus.rubis.emulator.State.SELECT_CATEGORY_TO_SELL_ITEM;
import static dev.chorus.rubis.emulator.State.SELL;
import static dev.chorus.rubis.emulator.State.SELL_ITEM_FORM;
import static dev.chorus.rubis.emulator.State.STORE_BID;
import static dev.chorus.rubis.emulator.State.STORE_BUY_NOW;
import static dev.chorus.rubis.emulator.State.STORE_COMMENT;
import static dev.chorus.rubis.emulator.State.VIEW_BID_HISTORY;
import static dev.chorus.rubis.emulator.State.VIEW_ITEM;
import static dev.chorus.rubis.emulator.State.VIEW_USER_INFO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TransitionTableTest {
    private static final TransitionTable BIDDING = TransitionTable.biddingMix();
    private static final TransitionTable BROWSING = TransitionTable.browsingMix();

    @ParameterizedTest
    @ValueSource(strings = {"default_transitions.txt", "default_transitions_03.txt", "default_transitions_05.txt",
        "default_transitions_15.txt", "default_transitions_2.txt", "default_transitions_7.txt",
        "browse_only_transitions.txt", "browse_only_03.txt", "browse_only_05.txt", "browse_only_15.txt",
        "browse_only_2.txt", "browse_only_transitions_7.txt", "transitions.txt"})
    void everyShippedTableParsesAndEveryColumnHasADistribution(String file) {
        TransitionTable t = TransitionTable.fromClasspath(file);
        assertThat(t.title()).startsWith(file.startsWith("default") ? "Default transition" : "Browse only");
        assertThat(t.waitingTimeMillis(BACK)).isZero();
        assertThat(t.waitingTimeMillis(END)).isZero();
        for (State from : State.all()) {
            if (from.isPseudo()) {
                continue;
            }
            double[] p = t.effectiveProbabilities(from);
            assertThat(p).hasSize(State.ROWS);
            assertThat(sum(p)).isCloseTo(1.0, within(1e-12));
            for (double v : p) {
                assertThat(v).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void parsesTheBiddingMixCellsAndWaitingTimes() {
        assertThat(BIDDING.title()).isEqualTo("Default transition set");
        // column = from, row = to
        assertThat(BIDDING.probability(HOME, BROWSE)).isEqualTo(0.7);
        assertThat(BIDDING.probability(VIEW_ITEM, BACK)).isEqualTo(0.5);
        assertThat(BIDDING.probability(SEARCH_ITEMS_IN_CATEGORY, END)).isEqualTo(0.2);
        assertThat(BIDDING.probability(BUY_NOW, STORE_BUY_NOW)).isEqualTo(0.99);
        assertThat(BIDDING.probability(ABOUT_ME, VIEW_ITEM)).isEqualTo(0.65);
        assertThat(BIDDING.columnSum(HOME)).isCloseTo(0.97, within(1e-12));
        assertThat(BIDDING.columnSum(SEARCH_ITEMS_IN_CATEGORY)).isCloseTo(1.2079, within(1e-12));
        long[] expectedWaits = {3000, 10000, 3000, 2000, 3000, 7000, 3000, 3000, 7000, 7000, 7000, 7000, 5000, 5000,
            2000, 5000, 5000, 2000, 5000, 5000, 2000, 5000, 3000, 7000, 2000, 3000, 7000, 0, 0};
        for (State s : State.all()) {
            assertThat(BIDDING.waitingTimeMillis(s)).as(s.displayName()).isEqualTo(expectedWaits[s.row()]);
            assertThat(BROWSING.waitingTimeMillis(s)).as(s.displayName()).isEqualTo(expectedWaits[s.row()]);
        }
        assertThat(TransitionTable.fromClasspath("default_transitions_7.txt").waitingTimeMillis(REGISTER))
                .isEqualTo(7000);
        assertThat(TransitionTable.fromClasspath("default_transitions_03.txt").waitingTimeMillis(REGISTER))
                .isEqualTo(3000);
    }

    /** SPEC.md section 5.4, bidding mix, every row of the table. */
    @Test
    void biddingMixEffectiveProbabilitiesAreThoseOfTheSpec() {
        expect(BIDDING, HOME, Map.of(BROWSE, .70, ABOUT_ME_AUTH, .15, REGISTER, .07, SELL, .05, HOME, .03));
        expect(BIDDING, REGISTER, Map.of(REGISTER_USER, .99, BROWSE, .0058, ABOUT_ME_AUTH, .0015, SELL, .0005,
                HOME, .0001, REGISTER, .0021));
        for (State store : List.of(STORE_BUY_NOW, STORE_BID, STORE_COMMENT, REGISTER_ITEM)) {
            expect(BIDDING, store, Map.of(BROWSE, .58, END, .20, ABOUT_ME_AUTH, .15, SELL, .05, HOME, .01,
                    REGISTER, .01));
        }
        expect(BIDDING, REGISTER_USER, Map.of(BROWSE, .58, END, .20, ABOUT_ME_AUTH, .15, SELL, .05, HOME, .01,
                REGISTER_USER, .01));
        expect(BIDDING, BROWSE, Map.of(BROWSE_CATEGORIES, .70, BROWSE_REGIONS, .2899, REGISTER, .01, HOME, .0001));
        expect(BIDDING, BROWSE_CATEGORIES, Map.of(SEARCH_ITEMS_IN_CATEGORY, .9841, REGISTER, .01, BROWSE, .0058,
                HOME, .0001));
        expect(BIDDING, BROWSE_REGIONS, Map.of(BROWSE_CATEGORIES_IN_REGION, .9841, REGISTER, .01, BROWSE, .0058,
                HOME, .0001));
        expect(BIDDING, BROWSE_CATEGORIES_IN_REGION, Map.of(SEARCH_ITEMS_IN_REGION, .9841, REGISTER, .01,
                BROWSE, .0058, HOME, .0001));
        for (State search : List.of(SEARCH_ITEMS_IN_CATEGORY, SEARCH_ITEMS_IN_REGION)) {
            // nominal End .2 is cut off
            expect(BIDDING, search, Map.of(VIEW_ITEM, .50, search, .40, PUT_BID_AUTH, .0841, REGISTER, .01,
                    BROWSE, .0058, HOME, .0001));
        }
        Map<State, Double> viewItem = new EnumMap<>(State.class);
        viewItem.putAll(Map.of(BACK, .4921, PUT_BID_AUTH, .22, VIEW_USER_INFO, .10, BUY_NOW_AUTH, .10,
                VIEW_BID_HISTORY, .05, PUT_COMMENT, .02, REGISTER, .01, BROWSE, .0058, ABOUT_ME_AUTH, .0015,
                SELL, .0005));
        viewItem.put(HOME, .0001);
        expect(BIDDING, VIEW_ITEM, viewItem);
        for (State info : List.of(VIEW_USER_INFO, VIEW_BID_HISTORY)) {
            expect(BIDDING, info, Map.of(BACK, .7921, VIEW_USER_INFO, .19, REGISTER, .01, BROWSE, .0058,
                    ABOUT_ME_AUTH, .0015, SELL, .0005, HOME, .0001));
        }
        State[][] chains = {{BUY_NOW_AUTH, BUY_NOW}, {BUY_NOW, STORE_BUY_NOW}, {PUT_BID_AUTH, PUT_BID},
            {State.PUT_COMMENT_AUTH, PUT_COMMENT}, {PUT_COMMENT, STORE_COMMENT}};
        for (State[] step : chains) {
            expect(BIDDING, step[0], Map.of(step[1], .9841, REGISTER, .01, BROWSE, .0058, HOME, .0001));
        }
        expect(BIDDING, PUT_BID, Map.of(STORE_BID, .74, VIEW_BID_HISTORY, .15, VIEW_USER_INFO, .05,
                PUT_COMMENT, .0441, REGISTER, .01, BROWSE, .0058, HOME, .0001));
        State[][] sellChain = {{SELL, SELECT_CATEGORY_TO_SELL_ITEM}, {SELECT_CATEGORY_TO_SELL_ITEM, SELL_ITEM_FORM},
            {SELL_ITEM_FORM, REGISTER_ITEM}};
        for (State[] step : sellChain) {
            expect(BIDDING, step[0], Map.of(step[1], .9836, REGISTER, .01, BROWSE, .0058, SELL, .0005,
                    HOME, .0001));
        }
        expect(BIDDING, ABOUT_ME_AUTH, Map.of(ABOUT_ME, .9821, REGISTER, .01, BROWSE, .0058, ABOUT_ME_AUTH, .0015,
                SELL, .0005, HOME, .0001));
        expect(BIDDING, ABOUT_ME, Map.of(VIEW_ITEM, .65, BROWSE, .116, PUT_BID_AUTH, .10, VIEW_USER_INFO, .05,
                END, .032, ABOUT_ME_AUTH, .03, REGISTER, .01, SELL, .01, HOME, .002));
    }

    /** SPEC.md section 5.4, browsing mix, reachable part. */
    @Test
    void browsingMixEffectiveProbabilitiesAreThoseOfTheSpec() {
        expect(BROWSING, HOME, Map.of(BROWSE, 1.0));
        expect(BROWSING, BROWSE, Map.of(BROWSE_CATEGORIES, .70, BROWSE_REGIONS, .29, BROWSE, .0095, HOME, .0005));
        State[][] steps = {{BROWSE_CATEGORIES, SEARCH_ITEMS_IN_CATEGORY}, {BROWSE_REGIONS,
            BROWSE_CATEGORIES_IN_REGION}, {BROWSE_CATEGORIES_IN_REGION, SEARCH_ITEMS_IN_REGION}};
        for (State[] step : steps) {
            expect(BROWSING, step[0], Map.of(step[1], .99, BROWSE, .0075, HOME, .0005, step[0], .002));
        }
        for (State search : List.of(SEARCH_ITEMS_IN_CATEGORY, SEARCH_ITEMS_IN_REGION)) {
            expect(BROWSING, search, Map.of(VIEW_ITEM, .55, search, .44, BROWSE, .0075, END, .002, HOME, .0005));
        }
        expect(BROWSING, VIEW_ITEM, Map.of(BACK, .74, VIEW_USER_INFO, .15, VIEW_BID_HISTORY, .10, BROWSE, .0075,
                END, .002, HOME, .0005));
        expect(BROWSING, VIEW_USER_INFO, Map.of(BACK, .80, VIEW_USER_INFO, .19, BROWSE, .0075, END, .002,
                HOME, .0005));
        expect(BROWSING, VIEW_BID_HISTORY, Map.of(BACK, .80, VIEW_USER_INFO, .19, BROWSE, .0075, HOME, .0005,
                VIEW_BID_HISTORY, .002));
    }

    /** next() sampled many times with a fixed seed reproduces the exact effective distribution of every column. */
    @Test
    void samplingNextMatchesTheEffectiveDistribution() {
        Random random = new Random(20240611L);
        int n = 100_000;
        for (TransitionTable table : List.of(BIDDING, BROWSING)) {
            for (State from : State.all()) {
                if (from.isPseudo()) {
                    continue;
                }
                long[] hits = new long[State.ROWS];
                for (int i = 0; i < n; i++) {
                    hits[table.next(from, random).row()]++;
                }
                double[] p = table.effectiveProbabilities(from);
                for (State to : State.all()) {
                    double expected = p[to.row()];
                    double sigma = Math.sqrt(expected * (1 - expected) / n);
                    assertThat(hits[to.row()] / (double) n)
                            .as("%s: %s -> %s", table.name(), from.displayName(), to.displayName())
                            .isCloseTo(expected, within(5 * sigma + 1e-4));
                    if (expected == 0) {
                        assertThat(hits[to.row()]).as("%s -> %s never drawn", from, to).isZero();
                    }
                }
            }
        }
    }

    @Test
    void sampledFrequenciesOfTheSpecExamples() {
        Random random = new Random(7);
        int n = 200_000;
        assertThat(frequency(BIDDING, HOME, BROWSE, n, random)).isCloseTo(.70, within(.005));
        assertThat(frequency(BIDDING, HOME, ABOUT_ME_AUTH, n, random)).isCloseTo(.15, within(.005));
        assertThat(frequency(BIDDING, HOME, REGISTER, n, random)).isCloseTo(.07, within(.004));
        assertThat(frequency(BIDDING, HOME, SELL, n, random)).isCloseTo(.05, within(.004));
        assertThat(frequency(BIDDING, HOME, HOME, n, random)).as("stay").isCloseTo(.03, within(.003));
        assertThat(frequency(BIDDING, SEARCH_ITEMS_IN_CATEGORY, VIEW_ITEM, n, random)).isCloseTo(.50, within(.005));
        assertThat(frequency(BIDDING, SEARCH_ITEMS_IN_CATEGORY, SEARCH_ITEMS_IN_CATEGORY, n, random))
                .isCloseTo(.40, within(.005));
        assertThat(frequency(BIDDING, SEARCH_ITEMS_IN_CATEGORY, PUT_BID_AUTH, n, random))
                .isCloseTo(.0841, within(.003));
        assertThat(frequency(BIDDING, SEARCH_ITEMS_IN_CATEGORY, END, n, random)).as("cut off").isZero();
        assertThat(frequency(BIDDING, VIEW_ITEM, BACK, n, random)).isCloseTo(.4921, within(.005));
        assertThat(frequency(BROWSING, VIEW_ITEM, BACK, n, random)).isCloseTo(.74, within(.005));
    }

    private static double frequency(TransitionTable t, State from, State to, int n, Random random) {
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (t.next(from, random) == to) {
                hits++;
            }
        }
        return hits / (double) n;
    }

    @Test
    void theCumulativeRuleWalksRowsInOrder() {
        // HOME column: Register .07 at row 1, Browse .70 at row 3 ... r just below/above the first boundaries
        assertThat(BIDDING.next(HOME, fixed(0.0))).isEqualTo(REGISTER);
        assertThat(BIDDING.next(HOME, fixed(0.0699))).isEqualTo(REGISTER);
        assertThat(BIDDING.next(HOME, fixed(0.0701))).isEqualTo(BROWSE);
        assertThat(BIDDING.next(HOME, fixed(0.9699))).isEqualTo(ABOUT_ME_AUTH);
        assertThat(BIDDING.next(HOME, fixed(0.9701))).as("stay").isEqualTo(HOME);
        assertThat(BIDDING.next(SEARCH_ITEMS_IN_CATEGORY, fixed(0.9999))).as("cut off End").isEqualTo(PUT_BID_AUTH);
        assertThatThrownBy(() -> BIDDING.next(BACK, new Random())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BIDDING.probability(END, HOME)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadsFromAPathWithUnixLineEndings(@TempDir Path dir) throws IOException {
        List<String> lines = dev.chorus.rubis.db.ReferenceData.lines("transitions/" + TransitionTable.BIDDING_MIX);
        Path file = dir.resolve("t.txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        TransitionTable t = TransitionTable.fromPath(file);
        for (State from : State.all()) {
            if (!from.isPseudo()) {
                assertThat(t.effectiveProbabilities(from)).containsExactly(BIDDING.effectiveProbabilities(from));
            }
        }
        // and with CRLF kept inside the lines (as a naive reader would leave them)
        List<String> crlf = new ArrayList<>();
        lines.forEach(l -> crlf.add(l + "\r"));
        assertThat(TransitionTable.parse("crlf", crlf).probability(VIEW_ITEM, BACK)).isEqualTo(0.5);
    }

    @Test
    void rejectsMalformedTables() {
        List<String> lines = new ArrayList<>(dev.chorus.rubis.db.ReferenceData.lines(
                "transitions/" + TransitionTable.BIDDING_MIX));
        int home = 4;
        assertThat(lines.get(home)).startsWith("Home\t");
        List<String> renamed = new ArrayList<>(lines);
        renamed.set(home + 3, renamed.get(home + 3).replace("Browse", "Bruise"));
        assertThatThrownBy(() -> TransitionTable.parse("renamed", renamed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bruise");
        List<String> shortRow = new ArrayList<>(lines);
        shortRow.set(home + 1, "Register\t0.07\t0");
        assertThatThrownBy(() -> TransitionTable.parse("short", shortRow))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cells");
        List<String> truncated = lines.subList(0, home + 10);
        assertThatThrownBy(() -> TransitionTable.parse("truncated", truncated))
                .isInstanceOf(IllegalArgumentException.class);
        List<String> notANumber = new ArrayList<>(lines);
        notANumber.set(home, notANumber.get(home).replaceFirst("\t0\t", "\tx\t"));
        assertThatThrownBy(() -> TransitionTable.parse("nan", notANumber))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> TransitionTable.fromClasspath("no_such_table.txt"))
                .isInstanceOf(IllegalStateException.class);
    }

    private static void expect(TransitionTable table, State from, Map<State, Double> expected) {
        double[] p = table.effectiveProbabilities(from);
        for (State to : State.all()) {
            double e = expected.getOrDefault(to, 0.0);
            assertThat(p[to.row()]).as("%s: %s -> %s", table.name(), from.displayName(), to.displayName())
                    .isCloseTo(e, within(1e-9));
        }
    }

    private static double sum(double[] p) {
        double s = 0;
        for (double v : p) {
            s += v;
        }
        return s;
    }

    /** A Random whose nextDouble() always returns {@code r}. */
    private static Random fixed(double r) {
        return new Random() {
            private static final long serialVersionUID = 1L;

            @Override
            public double nextDouble() {
                return r;
            }
        };
    }
}
