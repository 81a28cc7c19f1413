package dev.chorus.rubis.emulator;

import java.util.List;

/**
 * The 29 rows of a RUBiS transition table (SPEC.md section 4): the 27 page states Home .. AboutMe, numbered 0..26 in
 * table order (which is also the column order), then the two pseudo-states {@link #BACK} (row 27, "Back probability")
 * and {@link #END} (row 28, "End of Session").
 *
 * <p>{@link #rowName()} is the label of the state's row in the shipped table files (used to validate a parsed table;
 * note that the StoreBuyNow row is spelled {@code StoreBuyBow} there), {@link #displayName()} is the name used in
 * reports.
 */
public enum State {
    HOME("Home", "Home"),
    REGISTER("Register", "Register"),
    REGISTER_USER("RegisterUser", "RegisterUser"),
    BROWSE("Browse", "Browse"),
    BROWSE_CATEGORIES("BrowseCategories", "BrowseCategories"),
    SEARCH_ITEMS_IN_CATEGORY("SearchItemsInCategory", "SearchItemsInCategory"),
    BROWSE_REGIONS("BrowseRegions", "BrowseRegions"),
    BROWSE_CATEGORIES_IN_REGION("BrowseCategoriesInRegion", "BrowseCategoriesInRegion"),
    SEARCH_ITEMS_IN_REGION("SearchItemsInRegion", "SearchItemsInRegion"),
    VIEW_ITEM("ViewItem", "ViewItem"),
    VIEW_USER_INFO("ViewUserInfo", "ViewUserInfo"),
    VIEW_BID_HISTORY("ViewBidHistory", "ViewBidHistory"),
    BUY_NOW_AUTH("BuyNowAuth", "BuyNowAuth"),
    BUY_NOW("BuyNow", "BuyNow"),
    STORE_BUY_NOW("StoreBuyNow", "StoreBuyBow"),
    PUT_BID_AUTH("PutBidAuth", "PutBidAuth"),
    PUT_BID("PutBid", "PutBid"),
    STORE_BID("StoreBid", "StoreBid"),
    PUT_COMMENT_AUTH("PutCommentAuth", "PutCommentAuth"),
    PUT_COMMENT("PutComment", "PutComment"),
    STORE_COMMENT("StoreComment", "StoreComment"),
    SELL("Sell", "Sell"),
    SELECT_CATEGORY_TO_SELL_ITEM("SelectCategoryToSellItem", "SelectCategoryToSellItem"),
    SELL_ITEM_FORM("SellItemForm", "SellItemForm"),
    REGISTER_ITEM("RegisterItem", "RegisterItem"),
    ABOUT_ME_AUTH("AboutMe (auth form)", "AboutMe (auth form)"),
    ABOUT_ME("AboutMe", "AboutMe"),
    /** Pseudo-state: go back to the state on top of the history stack (the page is requested again). */
    BACK("Back", "Back probability"),
    /** Pseudo-state: the session ends. */
    END("End of Session", "End of Session");

    /** Number of page states = number of columns of a table. */
    public static final int PAGE_STATES = 27;
    /** Number of rows of a table (page states + Back + End). */
    public static final int ROWS = 29;

    private static final List<State> VALUES = List.of(values());

    private final String displayName;
    private final String rowName;

    State(String displayName, String rowName) {
        this.displayName = displayName;
        this.rowName = rowName;
    }

    /** The name shown in reports. */
    public String displayName() {
        return displayName;
    }

    /** The label of this state's row in the shipped transition table files. */
    public String rowName() {
        return rowName;
    }

    /** The row index (0..28); for page states also the column index (0..26). */
    public int row() {
        return ordinal();
    }

    /** True for {@link #BACK} and {@link #END}, which have a row but no column and no page. */
    public boolean isPseudo() {
        return this == BACK || this == END;
    }

    /** True for the interactions that write to the database (SPEC.md section 4). */
    public boolean isReadWrite() {
        return switch (this) {
            case REGISTER_USER, STORE_BUY_NOW, STORE_BID, STORE_COMMENT, REGISTER_ITEM -> true;
            default -> false;
        };
    }

    /** The state of a row index 0..28. */
    public static State ofRow(int row) {
        return VALUES.get(row);
    }

    /** All states in row order (cached, unmodifiable). */
    public static List<State> all() {
        return VALUES;
    }
}
