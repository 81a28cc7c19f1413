package dev.chorus.writeset.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class LogRecordTest {
    @Test
    void validatesAndCopies() {
        byte[] bytes = {1, 2, 3};
        LogRecord r = new LogRecord(7, bytes);
        bytes[0] = 9;
        assertThat(r.payload()).containsExactly(1, 2, 3);
        r.payload()[1] = 9;
        assertThat(r.payload()).containsExactly(1, 2, 3);
        assertThat(r).isEqualTo(new LogRecord(7, new byte[] {1, 2, 3})).hasSameHashCodeAs(new LogRecord(7, new byte[] {1, 2, 3}));
        assertThat(r).isNotEqualTo(new LogRecord(8, new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> new LogRecord(0, new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new LogRecord(1, null)).isInstanceOf(NullPointerException.class);
    }
}
