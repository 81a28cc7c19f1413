package dev.chorus.rubis.db;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedTextTest {
    private static final GeneratedText LONGEST =
            new GeneratedText(Scale.SCHEMA_DESCRIPTION_LENGTH, Scale.SCHEMA_COMMENT_LENGTH);

    @Test
    void textsNeverHoldTheWordsTheEmulatorLooksFor() {
        String description = LONGEST.description(Scale.SCHEMA_DESCRIPTION_LENGTH).toLowerCase(Locale.ROOT);
        assertThat(description).doesNotContain("error").doesNotContain("sorry");
        for (int r = 0; r < GeneratedText.RATINGS.length; r++) {
            assertThat(LONGEST.comment(r, Scale.SCHEMA_COMMENT_LENGTH).toLowerCase(Locale.ROOT))
                    .doesNotContain("error").doesNotContain("sorry");
        }
        assertThat(GeneratedText.itemName(1_032_667)).doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("sorry");
    }

    @Test
    void textsArePlainAsciiWithoutHtmlOrSqlSpecialCharacters() {
        String all = GeneratedText.PARAGRAPH + String.join("", java.util.stream.IntStream.range(0, 5)
                .mapToObj(GeneratedText::sentence).toList());
        assertThat(all.chars()).allSatisfy(ch -> assertThat(ch).isBetween(32, 126));
        assertThat(all).doesNotContain("<", ">", "&", "\"", "'");
    }

    @Test
    void lengthsAreExactAndTheSourceRepeats() {
        int p = GeneratedText.PARAGRAPH.length();
        assertThat(p).isBetween(1_300, 1_400);
        for (int length : new int[] {1, 2, p - 1, p, p + 1, 3 * p + 7, Scale.SCHEMA_DESCRIPTION_LENGTH}) {
            String d = LONGEST.description(length);
            assertThat(d).hasSize(length);
            assertThat(GeneratedText.PARAGRAPH.repeat(8)).startsWith(d);
        }
        for (int r = 0; r < GeneratedText.RATINGS.length; r++) {
            String sentence = GeneratedText.sentence(r);
            assertThat(sentence.length()).isBetween(60, 96); // SPEC 7
            assertThat(LONGEST.comment(r, 300)).hasSize(300).startsWith(sentence + sentence);
            assertThat(LONGEST.comment(r, 1)).isEqualTo(sentence.substring(0, 1));
        }
        assertThat(GeneratedText.RATINGS).containsExactly(-5, -3, 0, 3, 5);
        assertThat(GeneratedText.itemName(7)).isEqualTo("RUBiS automatically generated item #7");
    }
}
