package dev.chorus.writeset.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class FsyncPolicyTest {
    @Test
    void parsesTheAcceptedForms() {
        assertThat(FsyncPolicy.parse("commit")).isSameAs(FsyncPolicy.EVERY_COMMIT);
        assertThat(FsyncPolicy.parse(" NEVER ")).isSameAs(FsyncPolicy.NEVER);
        assertThat(FsyncPolicy.parse("interval:100ms")).isEqualTo(FsyncPolicy.interval(Duration.ofMillis(100)));
        assertThat(FsyncPolicy.parse("Interval:2s")).isEqualTo(FsyncPolicy.interval(Duration.ofSeconds(2)));
    }

    @Test
    void toStringIsTheConfigurationText() {
        for (String text : new String[] {"commit", "never", "interval:250ms"}) {
            assertThat(FsyncPolicy.parse(text)).hasToString(text);
            assertThat(FsyncPolicy.parse(FsyncPolicy.parse(text).toString())).isEqualTo(FsyncPolicy.parse(text));
        }
    }

    @Test
    void rejectsBadTextNamingTheValueAndTheAcceptedForms() {
        for (String bad : new String[] {"", "always", "interval", "interval:", "interval:0ms", "interval:-5ms",
                "interval:10", "interval:10m", "interval:1.5s", "commit;", "interval:99999999999999999999s"}) {
            assertThatThrownBy(() -> FsyncPolicy.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("commit").hasMessageContaining("interval:<n>ms").hasMessageContaining("never");
        }
        assertThatThrownBy(() -> FsyncPolicy.interval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsValidateTheSegmentSize() {
        assertThat(LogOptions.defaults().maxSegmentBytes()).isEqualTo(64L << 20);
        assertThat(LogOptions.defaults().fsync()).isSameAs(FsyncPolicy.EVERY_COMMIT);
        assertThat(LogOptions.defaults().withMaxSegmentBytes(4097).maxSegmentBytes()).isEqualTo(4097);
        assertThatThrownBy(() -> LogOptions.defaults().withMaxSegmentBytes(4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
    }
}
