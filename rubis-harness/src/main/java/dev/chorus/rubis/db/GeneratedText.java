package dev.chorus.rubis.db;

import java.util.List;

/**
 * The texts of generated rows (SPEC.md section 7): item names, descriptions cut from a fixed paragraph repeated, and
 * comments cut from a fixed sentence per rating repeated. The paragraph and the sentences are our own (RUBiS's are not
 * reproduced); like RUBiS's they are plain ASCII. They never contain the words the client emulator looks for in pages
 * ({@code ERROR}, {@code Sorry}), in any letter case, not even across the seam of a repetition, nor characters that
 * need escaping in HTML or SQL ({@code < > & " '}).
 */
final class GeneratedText {
    /** The description paragraph (1,324 characters, about as long as RUBiS's), repeated as often as a length needs. */
    static final String PARAGRAPH = "This lot is offered by a private seller who has kept it in a dry, smoke free"
            + " home for many years. It has been cleaned with care and checked piece by piece under good light before"
            + " the photographs were taken. Small marks of age are visible on close inspection, as one would expect,"
            + " and they are shown in the pictures; nothing has been hidden, repainted or restored. The dimensions"
            + " given in the listing were measured twice with a tape and are accurate to about a centimetre. The"
            + " item is packed in strong double walled cardboard with plenty of paper around it, and it is sent"
            + " within two working days of payment by a tracked and insured service. Buyers abroad are welcome; the"
            + " shipping cost is quoted on request and is charged at cost, with no handling fee added. Please read"
            + " the whole description and look at every picture before you bid, and ask any question you may have"
            + " while the auction is still running; answers come the same day. Combined"
            + " shipping is offered on several lots won in the same week. The winning bidder is asked to pay within"
            + " five days of the close; collection in person is possible by appointment. A short note of thanks is"
            + " left for every buyer once the parcel has arrived, and feedback is always appreciated. Good luck with"
            + " your bidding and thank you for looking at this auction, one of a set listed today. ";

    /** One sentence per comment rating (-5, -3, 0, 3, 5), each 60 to 96 characters, ending with a space. */
    private static final List<String> SENTENCES = List.of(
            "Very poor deal: the parcel came late and the item did not match the listing at all. ",
            "Not quite as described and slow to ship, but the seller did reply to messages. ",
            "An average trade: item as shown, shipping in the usual time, nothing special. ",
            "Good seller, item well packed and much as described; I would buy here again. ",
            "Excellent seller! Fast shipping, perfect packing and the item is even better than shown. ");

    /** The ratings a comment can carry (SPEC 2), in the order of {@link #SENTENCES}. */
    static final int[] RATINGS = {-5, -3, 0, 3, 5};

    private final String descriptionSource;
    private final String[] commentSources;

    /** Texts up to the given lengths. */
    GeneratedText(int descriptionMaxLength, int commentMaxLength) {
        descriptionSource = repeat(PARAGRAPH, descriptionMaxLength);
        commentSources = new String[SENTENCES.size()];
        for (int i = 0; i < commentSources.length; i++) {
            commentSources[i] = repeat(SENTENCES.get(i), commentMaxLength);
        }
    }

    /** The name RUBiS gives generated item {@code id}. */
    static String itemName(int id) {
        return "RUBiS automatically generated item #" + id;
    }

    /** The first {@code length} characters of the paragraph repeated. */
    String description(int length) {
        return descriptionSource.substring(0, length);
    }

    /** The first {@code length} characters of the sentence of {@code RATINGS[ratingIndex]} repeated. */
    String comment(int ratingIndex, int length) {
        return commentSources[ratingIndex].substring(0, length);
    }

    /** The sentence of {@code RATINGS[ratingIndex]}. */
    static String sentence(int ratingIndex) {
        return SENTENCES.get(ratingIndex);
    }

    private static String repeat(String text, int length) {
        return text.repeat(length / text.length() + 1).substring(0, length);
    }
}
