package dev.chorus.driver.admin;

import dev.chorus.coordinator.AdminResult;
import dev.chorus.coordinator.CoordinatorMXBean;
import dev.chorus.driver.ChorusDriver;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code chorus-admin}: status, verify, recover, checkpoint and state transfer of a Chorus database from a shell.
 * It reaches the coordinator's JMX bean ({@link CoordinatorMXBean}) in one of three ways:
 * <ul>
 *   <li>{@code --pid PID}: inside a running JVM of the same user (the attach API starts its local JMX agent);</li>
 *   <li>{@code --jmx HOST:PORT}: a JVM started with {@code -Dcom.sun.management.jmxremote.port=PORT};</li>
 *   <li>{@code --url URL}: opens the database in this process ({@code jdbc:chorus:file:} or {@code config:} when no
 *       application has it open), runs the command and closes it.</li>
 * </ul>
 * Exit codes: 0 done (verify: every replica equal); 1 the operation failed or found a difference (status: fewer
 * than f+1 healthy replicas); 2 wrong usage or the database could not be reached.
 */
@Command(name = "chorus-admin", mixinStandardHelpOptions = true, version = "chorus-admin 0.1",
        description = "Status, verify, recover, checkpoint and state transfer of a Chorus database.",
        subcommands = {AdminTool.Status.class, AdminTool.Verify.class, AdminTool.Recover.class, AdminTool.Checkpoint.class,
                AdminTool.Transfer.class, AdminTool.ListDatabases.class})
public final class AdminTool {
    static final int FAILED = 1;
    static final int UNREACHABLE = 2;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** Runs the tool with the given output streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new AdminTool());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("chorus-admin: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return UNREACHABLE;
        });
        return cl.execute(args);
    }

    /** Where the database is. */
    static final class Target {
        @Option(names = "--pid", description = "a running JVM (of this user) that has the database open")
        Long pid;

        @Option(names = "--jmx", paramLabel = "HOST:PORT", description = "a JVM's remote JMX port")
        String jmx;

        @Option(names = "--url", description = "open the database in this process (jdbc:chorus:file:... or config:...)")
        String url;
    }

    /** The options every command takes. */
    static final class Common {
        @ArgGroup(multiplicity = "1")
        Target target;

        @Option(names = "--name", description = "the database's name when the JVM has more than one")
        String name;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        /** Connects, finds the coordinator, runs the work and disconnects. */
        int run(Function<Bean, Integer> work) throws Exception {
            try (Session s = open()) {
                return work.apply(new Bean(s.coordinator(name), spec.commandLine().getOut(), spec.commandLine().getErr()));
            }
        }

        Session open() throws Exception {
            if (target.pid != null) {
                return Session.attach(target.pid);
            }
            if (target.jmx != null) {
                return Session.remote(target.jmx);
            }
            return Session.local(target.url);
        }
    }

    /** A connection to the MBean server that holds the coordinator. */
    record Session(MBeanServerConnection server, String opened, AutoCloseable closer) implements AutoCloseable {
        static Session attach(long pid) throws Exception {
            com.sun.tools.attach.VirtualMachine vm;
            try {
                vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
            } catch (com.sun.tools.attach.AttachNotSupportedException | IOException e) {
                throw new IllegalStateException("cannot attach to JVM " + pid + " (is it running, a JVM of this user?): " + e.getMessage(), e);
            }
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address));
            return new Session(c.getMBeanServerConnection(), null, c);
        }

        static Session remote(String hostPort) throws Exception {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + hostPort + "/jmxrmi");
            JMXConnector c;
            try {
                c = JMXConnectorFactory.connect(url);
            } catch (IOException e) {
                throw new IllegalStateException("cannot reach JMX at " + hostPort + ": " + e.getMessage(), e);
            }
            return new Session(c.getMBeanServerConnection(), null, c);
        }

        static Session local(String url) throws SQLException {
            if (url.startsWith("jdbc:chorus:mem:")) {
                throw new IllegalArgumentException("an in-memory database lives only in its application's JVM: use --pid");
            }
            Connection c = DriverManager.getConnection(url); // keeps the coordinator open while the command runs
            String name = c.unwrap(dev.chorus.driver.ChorusConnection.class).status().name();
            return new Session(ManagementFactory.getPlatformMBeanServer(), name, () -> {
                c.close();
                ChorusDriver.shutdown(url);
            });
        }

        CoordinatorMXBean coordinator(String chosen) throws Exception {
            String name = chosen != null ? chosen : opened;
            Set<ObjectName> found = server.queryNames(pattern(name), null);
            if (found.isEmpty()) {
                throw new IllegalStateException(name == null ? "no Chorus database is open there"
                        : "no Chorus database named " + name + " is open there (see the list command)");
            }
            if (found.size() > 1) {
                List<String> names = new ArrayList<>();
                found.forEach(n -> names.add(ObjectName.unquote(n.getKeyProperty("name"))));
                throw new IllegalArgumentException("more than one Chorus database is open there " + names + ": choose one with --name");
            }
            return JMX.newMXBeanProxy(server, found.iterator().next(), CoordinatorMXBean.class);
        }

        static ObjectName pattern(String name) throws MalformedObjectNameException {
            return new ObjectName("dev.chorus:type=Coordinator,name=" + (name == null ? "*" : ObjectName.quote(name)));
        }

        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    /** The coordinator's bean with the command's output streams. */
    record Bean(CoordinatorMXBean mx, PrintWriter out, PrintWriter err) {
        int print(AdminResult r) {
            out.print(r.getText());
            out.flush();
            return r.isOk() ? 0 : FAILED;
        }

        /** Runs a long operation, printing the state transfer's progress to stderr every second while it runs. */
        int printWithProgress(java.util.function.Supplier<AdminResult> operation) {
            CompletableFuture<AdminResult> done = CompletableFuture.supplyAsync(operation);
            String last = "";
            while (true) {
                try {
                    return print(done.get(1, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    String now = mx.getTransferProgress();
                    if (!now.isEmpty() && !now.equals(last)) {
                        err.println("  " + now);
                        last = now;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }

    @Command(name = "status", description = "Replicas, engines, health, lag, commits, log size, last checkpoint, running transfer.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            return common.run(b -> {
                b.out().print(b.mx().getStatusReport());
                b.out().flush();
                return b.mx().isAvailable() ? 0 : FAILED;
            });
        }
    }

    @Command(name = "verify", description = "Compares every replica's state at one logical point (writes wait meanwhile).")
    static final class Verify implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            return common.run(b -> b.print(b.mx().verify()));
        }
    }

    @Command(name = "recover", description = "Repairs a replica in place from the state f+1 healthy replicas agree on.")
    static final class Recover implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(paramLabel = "REPLICA")
        String replica;

        @Override
        public Integer call() throws Exception {
            return common.run(b -> b.print(b.mx().recover(replica)));
        }
    }

    @Command(name = "checkpoint", description = "Writes a checkpoint of the state the replicas agree on into the log directory.")
    static final class Checkpoint implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            return common.run(b -> b.print(b.mx().checkpoint()));
        }
    }

    @Command(name = "transfer", description = "Moves a replica to a new database (of its engine, or --engine) while the service goes on.")
    static final class Transfer implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(paramLabel = "REPLICA")
        String replica;

        @Option(names = "--engine", description = "h2, derby or hsqldb (default: the replica's own)")
        String engine;

        @Override
        public Integer call() throws Exception {
            return common.run(b -> b.printWithProgress(() -> b.mx().transfer(replica, engine == null ? "" : engine)));
        }
    }

    @Command(name = "list", description = "The Chorus databases open in the target JVM.")
    static final class ListDatabases implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            try (Session s = common.open()) {
                for (ObjectName n : s.server().queryNames(Session.pattern(null), null)) {
                    CoordinatorMXBean mx = JMX.newMXBeanProxy(s.server(), n, CoordinatorMXBean.class);
                    common.spec.commandLine().getOut().printf("%s: %d of %d replicas healthy%n", mx.getName(),
                            mx.getHealthyReplicas(), mx.getReplicaStates().size());
                }
                common.spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
