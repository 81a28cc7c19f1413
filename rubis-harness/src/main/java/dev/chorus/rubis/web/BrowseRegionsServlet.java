package dev.chorus.rubis.web;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * BrowseRegions: the list of regions (by id), each a link to {@code BrowseCategories?region=NAME} (the name
 * URL-encoded, a trailing space included). No parameters. No region at all: a Sorry page. No quirk decision applies.
 */
final class BrowseRegionsServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    BrowseRegionsServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        Html page = Html.page("All regions");
        int count = 0;
        try (PreparedStatement ps = call.connection().prepareStatement("SELECT id, name FROM regions ORDER BY id ASC");
             ResultSet rs = ps.executeQuery()) {
            page.raw("<ul>\n");
            while (rs.next()) {
                page.raw("<li>").link(rs.getString(2), "BrowseCategories", "region", rs.getString(2)).raw("</li>\n");
                count++;
            }
            page.raw("</ul>\n");
        }
        if (count == 0) {
            return Html.page("All regions").paragraph("Sorry, but there is no region available at this time.").finish();
        }
        return page.finish();
    }
}
