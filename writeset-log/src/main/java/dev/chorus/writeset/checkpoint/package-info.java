/**
 * Checkpoints: the verified abstract state of a replicated database at one commit sequence number, on disk. A
 * {@link dev.chorus.writeset.checkpoint.CheckpointWriter} streams the schema and every table's rows into a new
 * checkpoint directory and publishes it atomically; {@link dev.chorus.writeset.checkpoint.Checkpoint} opens a
 * published one and streams it back, checking every SHA-256 on the way; {@link dev.chorus.writeset.checkpoint.Checkpoints}
 * lists, prunes and cleans up the checkpoints of a root directory. The file format is described on
 * {@code CheckpointFormat}.
 */
package dev.chorus.writeset.checkpoint;
