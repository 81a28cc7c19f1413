/**
 * The durable, segmented, verified on-disk log of committed write sets: {@link dev.chorus.writeset.log.LogWriter}
 * appends records with group commit on a single worker thread, {@link dev.chorus.writeset.log.LogReader} streams and
 * verifies them. The file format is described on {@code LogFormat}.
 */
package dev.chorus.writeset.log;
