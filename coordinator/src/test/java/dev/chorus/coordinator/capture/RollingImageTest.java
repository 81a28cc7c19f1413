package dev.chorus.coordinator.capture;

import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollingImageTest {
    private static final List<String> KEY = List.of("ID");
    private static final List<String> COLUMNS = List.of("ID", "NAME");

    private static RowChange row(int id, String name) {
        return RowChange.upsert("T", KEY, COLUMNS, List.of(BigDecimal.valueOf(id), name));
    }

    @Test
    void theNewestImageOfEachRowInKeyOrder() {
        RollingImage image = new RollingImage("T");
        image.applyAll(new WriteSet(List.of(row(10, "ten"), row(2, "two"))));
        image.applyAll(new WriteSet(List.of(row(2, "TWO"), RowChange.delete("T", KEY, List.of(BigDecimal.valueOf(3))),
                RowChange.upsert("OTHER", KEY, COLUMNS, List.of(BigDecimal.ONE, "elsewhere")))));
        assertThat(image.asWriteSet().changes()).as("numeric key order, not text order; other tables ignored")
                .containsExactly(row(2, "TWO"), row(10, "ten"));
        assertThat(image.digest()).isEqualTo(new WriteSet(List.of(row(2, "TWO"), row(10, "ten"))).digest());

        image.apply(RowChange.delete("T", KEY, List.of(BigDecimal.valueOf(10))));
        assertThat(image.asWriteSet().changes()).containsExactly(row(2, "TWO"));
        assertThat(image.size()).isEqualTo(1);
        assertThatThrownBy(() -> image.apply(RowChange.upsert("U", KEY, COLUMNS, List.of(BigDecimal.ONE, "u"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U applied to the image of T");
    }

    @Test
    void aTableWithoutAKeyCountsEqualRows() {
        RollingImage image = new RollingImage("M");
        List<Object> r = List.of("a", BigDecimal.ONE);
        image.apply(RowChange.multiset("M", List.of("S", "N"), r, 2));
        assertThat(image.asWriteSet().changes()).containsExactly(RowChange.multiset("M", List.of("S", "N"), r, 2));
        image.apply(RowChange.multiset("M", List.of("S", "N"), r, 0));
        assertThat(image.size()).isZero();
    }
}
