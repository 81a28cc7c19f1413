package dev.chorus.writeset.log;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process {@link LogDurabilityIT} kills: appends records with the default fsync policy (an acknowledged
 * record is on disk) and prints {@code acked N} for each acknowledged one, until it is killed.
 */
public final class AppendingProcess {
    private AppendingProcess() {
    }

    /** The payload of record {@code seq}: recognisable and of varying length. */
    static byte[] payload(long seq) {
        return ("record " + seq + " " + "x".repeat((int) (seq % 97))).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (LogWriter w = LogWriter.open(dir, LogOptions.defaults().withMaxSegmentBytes(64 * 1024))) {
            long seq = w.lastSeq();
            out.println("ready " + seq);
            while (true) {
                // a few appends in flight at once, as concurrent commits would be
                long first = seq + 1;
                var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Long>>();
                for (int i = 0; i < 4; i++) {
                    seq++;
                    futures.add(w.append(seq, payload(seq)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    futures.get(i).join();
                    out.println("acked " + (first + i));
                }
            }
        }
    }
}
