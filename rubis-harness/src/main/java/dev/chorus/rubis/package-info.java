/**
 * The RUBiS auction benchmark on top of a JDBC URL: {@code db} (schema, data generator), {@code web} (servlets on
 * embedded Jetty), {@code emulator} (the client emulator walking the transition tables), {@code run} (runs and
 * reports).
 */
package dev.chorus.rubis;
