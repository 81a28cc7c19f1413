/**
 * The abstract state of a Chorus database: canonical values and their byte encoding and digests. The write-set
 * records, the segmented on-disk SQL log and checkpoints join this package with the write-set log issue.
 */
package dev.chorus.writeset;
