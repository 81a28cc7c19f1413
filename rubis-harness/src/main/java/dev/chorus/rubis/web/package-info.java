/**
 * The RUBiS web site: {@link dev.chorus.rubis.web.RubisServer} runs the static pages, the two images and the twenty
 * servlets of SPEC.md section 4 on embedded Jetty over a {@link javax.sql.DataSource}, so the same site measures a
 * plain database or Chorus depending only on the JDBC URL of the pool. Each servlet's class comment says what it does
 * and which quirk decision of the contract applies; {@code Html} holds the page conventions the client emulator relies
 * on (ERROR and Sorry pages, link and hidden-field formats).
 */
package dev.chorus.rubis.web;
