package dev.chorus.rubis.web;

/**
 * The login page of BuyNowAuth, PutBidAuth and PutCommentAuth: nickname and password inputs and the ids the next
 * servlet needs as hidden fields, in a GET form to that servlet. No database access.
 */
final class LoginForms {
    private LoginForms() {
    }

    /** The page; hidden holds name, value pairs. */
    static String render(String title, String targetServlet, Object... hidden) {
        Html page = Html.page(title);
        page.paragraph("You must log in to go on.");
        page.form(targetServlet);
        for (int i = 0; i < hidden.length; i += 2) {
            page.hidden((String) hidden[i], hidden[i + 1]);
        }
        page.input("Nickname", "nickname", "").password("Password", "password").submit("Log in");
        return page.finish();
    }
}
