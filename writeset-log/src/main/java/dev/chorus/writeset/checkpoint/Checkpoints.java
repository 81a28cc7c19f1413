package dev.chorus.writeset.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The checkpoints under one root directory: published ones are the subdirectories named by a 20-digit seq; {@code .tmp-*}
 * directories are checkpoints being written or left by a crash, and anything else is not a checkpoint. These helpers
 * only look at names; {@link Checkpoint#open} checks contents.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private Checkpoints() {
    }

    /** The published checkpoint directories under {@code root}, newest (highest seq) first; none if root is missing. */
    /** Where the checkpoint at {@code seq} lives (or would) under {@code root}. */
    public static Path dir(Path root, long seq) {
        return root.resolve(CheckpointFormat.dirName(seq));
    }

    public static List<Path> list(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                if (CheckpointFormat.DIR_NAME.matcher(p.getFileName().toString()).matches()
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                }
            }
        }
        // equal-length digit strings sort like their numbers
        out.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return out;
    }

    /**
     * Deletes all published checkpoints but the newest {@code keep}. Each is first renamed to a {@code .tmp-} name in
     * one atomic move, so a crash while deleting never leaves a partial checkpoint that looks published.
     */
    public static void prune(Path root, int keep) throws IOException {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative, got " + keep);
        }
        List<Path> all = list(root);
        for (Path dir : all.subList(Math.min(keep, all.size()), all.size())) {
            Path doomed = root.resolve(CheckpointFormat.TMP_PREFIX + dir.getFileName() + "-pruned");
            CheckpointFormat.deleteTree(doomed);
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            CheckpointFormat.syncDirectory(root);
            CheckpointFormat.deleteTree(doomed);
            LOG.info("pruned checkpoint {} (keeping the newest {} of {})", dir, keep, all.size());
        }
    }

    /**
     * Deletes the {@code .tmp-*} directories under {@code root}: checkpoints left unpublished by a crash. Call it only
     * while no {@link CheckpointWriter} writes under {@code root} (at startup, say): it would delete their work too.
     */
    public static void removeStale(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, CheckpointFormat.TMP_PREFIX + "*")) {
            entries.forEach(stale::add);
        }
        for (Path p : stale) {
            CheckpointFormat.deleteTree(p);
            LOG.info("removed unpublished checkpoint directory {}", p);
        }
    }
}
