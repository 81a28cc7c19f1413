package dev.chorus.rubis.emulator;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThinkTimeTest {
    private static final TransitionTable TABLE = TransitionTable.biddingMix();

    @Test
    void tpcwThinkTimeIsExponentialWithMeanSevenSeconds() {
        Random random = new Random(12345);
        int n = 400_000;
        double sum = 0;
        long max = 0;
        int zeros = 0;
        int aboveMean = 0;
        for (int i = 0; i < n; i++) {
            long t = ThinkTime.tpcwMillis(random);
            sum += t;
            max = Math.max(max, t);
            if (t == 0) {
                zeros++;
            }
            if (t > 7000) {
                aboveMean++;
            }
        }
        // standard error of the mean is 7000 / sqrt(n) = 11 ms
        assertThat(sum / n).isCloseTo(7000, within(60.0));
        // exponential: P(t > mean) = 1/e
        assertThat(aboveMean / (double) n).isCloseTo(Math.exp(-1), within(0.004));
        assertThat(max).isLessThanOrEqualTo(ThinkTime.TPCW_MAX_MILLIS);
        assertThat(zeros).isLessThan(100);
    }

    @Test
    void drawsBelowTheTruncationPointGiveZeroSoTheThinkTimeIsCapped() {
        assertThat(ThinkTime.TPCW_MAX_MILLIS).isEqualTo(70_000);
        assertThat(ThinkTime.tpcwMillis(fixed(0.0))).isZero();
        assertThat(ThinkTime.tpcwMillis(fixed(4.53e-5))).isZero();
        assertThat(ThinkTime.tpcwMillis(fixed(4.54e-5))).isEqualTo(70_000);
        assertThat(ThinkTime.tpcwMillis(fixed(Math.exp(-1)))).isEqualTo(7000);
        assertThat(ThinkTime.tpcwMillis(fixed(0.999999))).isZero();
    }

    @Test
    void slowdownAndScaleMultiplyTheDraw() {
        ThinkTime full = new ThinkTime(true, 1);
        ThinkTime scaled = new ThinkTime(true, 0.01);
        Random a = new Random(99);
        Random b = new Random(99);
        Random c = new Random(99);
        for (int i = 0; i < 1000; i++) {
            long base = ThinkTime.tpcwMillis(a);
            assertThat(full.nanos(State.VIEW_ITEM, TABLE, 2, b)).isEqualTo(base * 2 * 1_000_000L);
            assertThat(scaled.nanos(State.VIEW_ITEM, TABLE, 3, c)).isEqualTo(Math.round(base * 3 * 0.01 * 1e6));
        }
        assertThat(new ThinkTime(true, 0).nanos(State.HOME, TABLE, 2, new Random(1))).isZero();
    }

    @Test
    void withoutTpcwTheRowWaitingTimeIsUsedAndNoRandomDrawConsumed() {
        ThinkTime table = new ThinkTime(false, 0.5);
        Random random = new Random(5);
        long before = new Random(5).nextLong();
        assertThat(table.nanos(State.REGISTER, TABLE, 1, random)).isEqualTo(5_000L * 1_000_000);
        assertThat(table.nanos(State.VIEW_ITEM, TABLE, 3, random)).isEqualTo(10_500L * 1_000_000);
        assertThat(table.nanos(State.BACK, TABLE, 3, random)).isZero();
        assertThat(random.nextLong()).as("random untouched").isEqualTo(before);
    }

    @Test
    void rejectsNegativeScale() {
        assertThatThrownBy(() -> new ThinkTime(true, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThinkTime(true, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

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
