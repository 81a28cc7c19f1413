package dev.chorus.rubis.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceDataTest {
    @Test
    void categoriesAndRegionsAsSpecified() {
        assertThat(ReferenceData.categories()).hasSize(20);
        assertThat(ReferenceData.categories().stream().mapToInt(ReferenceData.Category::activeItems).sum()).isEqualTo(32_667);
        assertThat(ReferenceData.categories().get(0).id()).isEqualTo(1);
        assertThat(ReferenceData.categories()).allSatisfy(c -> assertThat(c.name()).doesNotEndWith(" ").isNotEmpty());
        assertThat(ReferenceData.regions()).hasSize(62).contains("MA--Boston ");
    }
}
