package dev.chorus.writeset.cli;

import dev.chorus.writeset.WriteSet;
import dev.chorus.writeset.log.LogCorruptionException;
import dev.chorus.writeset.log.LogReader;
import dev.chorus.writeset.log.LogRecord;
import dev.chorus.writeset.log.LogReduction;
import dev.chorus.writeset.log.LogSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code chorus-log}: prints, verifies and reduces a Chorus write-set log directory. Exit codes: 0 fine, 1 the log
 * is damaged (the message names the file and byte position), 2 wrong usage.
 *
 * <pre>
 * chorus-log print  DIR [--from N] [--to N]   each record: "-- seq=N" then its SQL
 * chorus-log verify DIR                       segments, blocks, records, seq range, bytes, torn tail
 * chorus-log reduce DIR [--from N] [--to N]   the newest image of each row over the range, as SQL
 * </pre>
 */
@Command(name = "chorus-log", mixinStandardHelpOptions = true, version = "chorus-log 0.1",
        description = "Prints, verifies and reduces a Chorus write-set log directory.",
        subcommands = {LogTool.Print.class, LogTool.Verify.class, LogTool.Reduce.class})
public final class LogTool implements Callable<Integer> {
    /** Exit code when the log is damaged. */
    static final int DAMAGED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** Runs the tool with the given output streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new LogTool());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
            commandLine.getErr().println("chorus-log: " + t.getMessage());
            return t instanceof LogCorruptionException || t instanceof IllegalArgumentException ? DAMAGED : 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The options every subcommand has. */
    abstract static class OnLog implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the log directory")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        LogReader open() throws IOException {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " is not a directory");
            }
            return LogReader.open(dir);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** A subcommand on a range of sequence numbers. */
    abstract static class OnRange extends OnLog {
        @Option(names = "--from", description = "first sequence number (default: the first)")
        long from = 1;

        @Option(names = "--to", description = "last sequence number (default: the last)")
        long to = Long.MAX_VALUE;
    }

    @Command(name = "print", description = "Prints each record: a '-- seq=N' line, then its write set as SQL.")
    static final class Print extends OnRange {
        @Override
        public Integer call() throws IOException {
            LogReader log = open();
            try (Stream<LogRecord> records = log.read(from, to)) {
                for (LogRecord r : (Iterable<LogRecord>) records::iterator) {
                    out().println("-- seq=" + r.seq());
                    out().print(new String(r.payload(), StandardCharsets.UTF_8));
                }
            }
            log.tornTail().ifPresent(t -> out().println("-- torn tail (not replayed): " + t));
            out().flush();
            return 0;
        }
    }

    @Command(name = "verify", description = "Reads every block and record and checks every digest and checksum.")
    static final class Verify extends OnLog {
        @Override
        public Integer call() throws IOException {
            LogSummary s = open().verify();
            out().printf("segments=%d blocks=%d records=%d seq=%d..%d bytes=%d%n", s.segments(), s.blocks(), s.records(),
                    s.firstSeq(), s.lastSeq(), s.bytes());
            out().println(s.tornTail().map(t -> "torn tail: " + t).orElse("no torn tail"));
            out().flush();
            return 0;
        }
    }

    @Command(name = "reduce", description = "Prints the newest image of each row changed in the range, as SQL.")
    static final class Reduce extends OnRange {
        @Override
        public Integer call() throws IOException {
            WriteSet reduced = LogReduction.reduce(open(), from, to);
            out().print(reduced.toSql());
            out().flush();
            return 0;
        }
    }
}
