package dev.chorus.writeset;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalWriterTest {
    private static byte[] enc(java.util.function.Consumer<CanonicalWriter> w) {
        CanonicalWriter writer = new CanonicalWriter();
        w.accept(writer);
        return writer.toByteArray();
    }

    @Test
    void exactNumbersOfEveryWidthAndScaleEncodeAlike() {
        byte[] five = enc(w -> w.writeNumber(5));
        assertThat(enc(w -> w.writeNumber(new BigDecimal("5.000")))).isEqualTo(five);
        assertThat(enc(w -> w.writeNumber(java.math.BigInteger.valueOf(5)))).isEqualTo(five);
        assertThat(enc(w -> w.writeNumber(new BigDecimal("5.01")))).isNotEqualTo(five);
        assertThat(enc(w -> w.writeNumber(new BigDecimal("0.000")))).isEqualTo(enc(w -> w.writeNumber(0)));
        assertThat(enc(w -> w.writeNumber(new BigDecimal("50")))).isNotEqualTo(five);
    }

    @Test
    void approximateNumbersAreRoundedToSignificantDigits() {
        float f = 0.1f;
        assertThat(enc(w -> w.writeApproximate(0.1, 6))).isEqualTo(enc(w -> w.writeApproximate(f, 6)));
        assertThat(enc(w -> w.writeApproximate(0.1, 12))).isEqualTo(enc(w -> w.writeApproximate(f, 12)));
        assertThat(enc(w -> w.writeApproximate(0.1, 12))).isNotEqualTo(enc(w -> w.writeApproximate((double) f, 12)));
        assertThat(enc(w -> w.writeApproximate(0.1f, 12))).isNotEqualTo(enc(w -> w.writeApproximate(0.2f, 12)));
        assertThat(enc(w -> w.writeApproximate(1.0, 12))).isEqualTo(enc(w -> w.writeNumber(1)));
        assertThat(enc(w -> w.writeApproximate(Double.NaN, 12))).isNotEqualTo(enc(w -> w.writeApproximate(0, 12)));
    }

    @Test
    void typesAreTaggedSoEqualTextDoesNotMeanEqualValues() {
        assertThat(enc(w -> w.writeString("1"))).isNotEqualTo(enc(w -> w.writeNumber(1)));
        assertThat(enc(w -> w.writeNull())).isNotEqualTo(enc(w -> w.writeString("")));
        assertThat(enc(w -> w.writeBytes(new byte[] {1}))).isNotEqualTo(enc(w -> w.writeString("\u0001")));
        LocalDateTime t = LocalDateTime.of(2026, 11, 21, 7, 30, 1, 5000);
        assertThat(enc(w -> w.writeTimestamp(t))).isNotEqualTo(enc(w -> w.writeInstant(t.toInstant(java.time.ZoneOffset.UTC))));
        assertThat(enc(w -> w.writeDate(LocalDate.of(2026, 1, 1)))).isNotEqualTo(enc(w -> w.writeDate(LocalDate.of(2026, 1, 2))));
        assertThat(enc(w -> w.writeInstant(Instant.EPOCH))).isEqualTo(enc(w -> w.writeInstant(Instant.ofEpochSecond(0))));
    }

    @Test
    void lengthPrefixesKeepAdjacentValuesApart() {
        assertThat(enc(w -> w.writeString("ab").writeString("c")))
                .isNotEqualTo(enc(w -> w.writeString("a").writeString("bc")));
    }

    @Test
    void resetStartsOverAndGrowsBeyondTheInitialBuffer() {
        CanonicalWriter w = new CanonicalWriter();
        w.writeString("x".repeat(10_000));
        assertThat(w.length()).isEqualTo(1 + 4 + 10_000);
        Digest big = w.digest();
        w.reset().writeString("x".repeat(10_000));
        assertThat(w.digest()).isEqualTo(big);
        w.reset().writeString("y");
        assertThat(w.digest()).isNotEqualTo(big);
    }

    @Test
    void digestsCompareByValueAndPrintShort() {
        Digest a = new CanonicalWriter().writeNumber(1).digest();
        Digest b = Digest.of(a.toByteArray());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.compareTo(b)).isZero();
        assertThat(a.hex()).hasSize(64);
        assertThat(a.shortHex()).hasSize(10).endsWith("..");
        assertThatThrownBy(() -> Digest.of(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
