package dev.chorus.rubis.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScaleTest {
    private static final List<Integer> FILE_QUOTAS =
            ReferenceData.categories().stream().map(ReferenceData.Category::activeItems).toList();
    private static final int FILE_TOTAL = FILE_QUOTAS.stream().mapToInt(Integer::intValue).sum();

    @Test
    void namedScalesHaveTheirSizes() {
        assertThat(Scale.of("tiny")).extracting(Scale::users, Scale::oldItems, Scale::activeItems).containsExactly(200, 100, 60);
        assertThat(Scale.of("small")).extracting(Scale::users, Scale::oldItems, Scale::activeItems).containsExactly(5_000, 2_500, 660);
        assertThat(Scale.of("100mb")).extracting(Scale::users, Scale::oldItems, Scale::activeItems).containsExactly(100_000, 50_000, 3_267);
        assertThat(Scale.of("1gb")).extracting(Scale::users, Scale::oldItems, Scale::activeItems).containsExactly(1_000_000, 500_000, 32_667);
        assertThat(Scale.NAMED).allSatisfy(s -> {
            assertThat(s.maxBidsPerItem()).isEqualTo(20);
            assertThat(s.descriptionMaxLength()).isEqualTo(Scale.DESCRIPTION_MAX_LENGTH);
            assertThat(s.commentMaxLength()).isEqualTo(Scale.COMMENT_MAX_LENGTH);
        });
        // SPEC 9: about 5 M bids for 1gb, about 0.5 M for 100mb
        assertThat(Scale.GB1.expectedBids()).isCloseTo(5_060_000, within(10_000.0));
        assertThat(Scale.MB100.expectedBids()).isCloseTo(506_000, within(1_000.0));
        assertThat(Scale.DEFAULT).isSameAs(Scale.SMALL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "SMALL", " 100MB ", "1Gb"})
    void namesParseCaseInsensitively(String name) {
        assertThat(Scale.NAMED).contains(Scale.of(name));
        assertThat(Scale.of(name).name()).isEqualTo(name.strip().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void fullScaleQuotasAreTheFilesExactly() {
        assertThat(Scale.GB1.activePerCategory()).isEqualTo(FILE_QUOTAS);
        assertThat(Scale.categoryQuotas(FILE_TOTAL)).isEqualTo(FILE_QUOTAS);
    }

    @Test
    void namedQuotasFollowTheFilesProportions() {
        for (Scale scale : Scale.NAMED) {
            List<Integer> quotas = scale.activePerCategory();
            assertThat(quotas).hasSize(20).allSatisfy(q -> assertThat(q).isPositive());
            assertThat(quotas.stream().mapToInt(Integer::intValue).sum()).isEqualTo(scale.activeItems());
        }
        // 100mb: every category within one item of its exact tenth share (no category is below 1)
        List<Integer> tenth = Scale.MB100.activePerCategory();
        for (int i = 0; i < 20; i++) {
            assertThat((double) tenth.get(i)).isCloseTo(FILE_QUOTAS.get(i) * 3_267.0 / FILE_TOTAL, within(1.0));
        }
        assertThat(tenth.get(5)).isEqualTo(752); // Collectibles, 7521 at full scale
        assertThat(tenth.get(13)).isEqualTo(17); // Photo, 170 at full scale
    }

    @Test
    void quotasForEveryTotalSumExactlyKeepOneEachAndStayNearTheirShare() {
        for (int total = 20; total <= 5_000; total++) {
            List<Integer> quotas = Scale.categoryQuotas(total);
            assertThat(quotas.stream().mapToInt(Integer::intValue).sum()).as("total %d", total).isEqualTo(total);
            int t = total;
            long belowOne = FILE_QUOTAS.stream().filter(q -> q * (double) t / FILE_TOTAL < 1).count();
            for (int i = 0; i < 20; i++) {
                double share = FILE_QUOTAS.get(i) * (double) total / FILE_TOTAL;
                assertThat(quotas.get(i)).as("total %d category %d", total, i + 1).isPositive();
                // largest remainders give the floor or the ceiling of the share; raising the categories whose share
                // is below 1 to one item moves each quota by at most that many items
                assertThat((double) quotas.get(i)).as("total %d category %d", total, i + 1)
                        .isCloseTo(share, within(1.0 + belowOne));
            }
        }
    }

    @Test
    void tinyRaisesSmallCategoriesToOne() {
        List<Integer> quotas = Scale.TINY.activePerCategory();
        assertThat(quotas).allSatisfy(q -> assertThat(q).isGreaterThanOrEqualTo(1));
        assertThat(quotas.get(5)).isGreaterThan(quotas.get(13)); // Collectibles > Photo
    }

    @Test
    void customFormParsesAndRoundTrips() {
        Scale custom = Scale.of("users=1000, old=400,active=120");
        assertThat(custom).extracting(Scale::users, Scale::oldItems, Scale::activeItems, Scale::maxBidsPerItem,
                        Scale::descriptionMaxLength, Scale::commentMaxLength)
                .containsExactly(1_000, 400, 120, 20, Scale.DESCRIPTION_MAX_LENGTH, Scale.COMMENT_MAX_LENGTH);
        assertThat(Scale.of(custom.name())).isEqualTo(custom);

        Scale full = Scale.of("comment=2048,desc=8192,bids=5,active=32667,old=0,users=10");
        assertThat(full).extracting(Scale::users, Scale::oldItems, Scale::maxBidsPerItem, Scale::descriptionMaxLength,
                Scale::commentMaxLength).containsExactly(10, 0, 5, 8_192, 2_048);
        assertThat(full.activePerCategory()).isEqualTo(FILE_QUOTAS);
        assertThat(Scale.of("users=1_000_000,old=500_000,active=32_667").activePerCategory()).isEqualTo(FILE_QUOTAS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"huge", "", "users=10,old=5", "users=10,old=5,active=19", "users=10,old=5,active=x",
            "users=10,old=5,active=40,desc=8193", "users=10,old=5,active=40,comment=0", "users=0,old=5,active=40",
            "users=10,old=-1,active=40", "users=10,old=5,active=40,colour=3", "users=10,users=11,old=5,active=40",
            "users=10,old,active=40"})
    void badScalesAreRejected(String text) {
        assertThatThrownBy(() -> Scale.of(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
