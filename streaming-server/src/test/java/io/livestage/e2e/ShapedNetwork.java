package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux network namespace joined to this machine by a veth pair whose host-side egress (the server →
 * namespace direction, the one media flows in to a viewer) can be held to a bit rate with a {@code tbf}
 * queue. Browsers started in it with {@link HeadlessChromium#startIn(ShapedNetwork, int)} reach the
 * server only through that veth, at {@link #serverUrl(int)}; start the server with {@link #serverOverrides()}.
 *
 * <p>Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2's {@code ip} and {@code tc}; fails the
 * test, never skips it, when either is missing. netem is not built into the kernels this runs on, so
 * only rate (with the queueing delay a full {@code tbf} builds) is shaped, no added delay or random loss.
 *
 * <p>The host-side qdisc is an {@code htb} with two classes: WebDriver's own requests to the
 * namespaced chromedriver (TCP to {@link #CONTROL_PORT_BASE}..+15, matched by a {@code u32} filter)
 * and everything else. Only the second gets the {@code tbf}: a test driving a browser whose link is
 * saturated would otherwise see its commands dropped and retried for seconds. (The kernel logs once per
 * {@link #shape} that htb found its {@code tbf} "non-work-conserving": true, and harmless, since the
 * {@code tbf}'s own timer wakes the root queue when its next packet may leave.)
 */
public final class ShapedNetwork implements AutoCloseable {
    /** Names are {@code lsshape<pid>-<n>}, {@code lsh<pid>-<n>} and {@code lsn<pid>-<n>}: the pid tells stale from live. */
    private static final String NAMESPACE_PREFIX = "lsshape";
    private static final Pattern SENT = Pattern.compile("Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+)");
    private static final Pattern OURS = Pattern.compile("^(?:lsshape|lsh)(\\d+)-\\d+$");
    /** chromedriver ports inside the namespace; a block of 16 so one u32 match with mask 0xfff0 covers them. */
    static final int CONTROL_PORT_BASE = 9520;
    private static final int CONTROL_PORTS = 16;
    /** Our /30s are carved from 10.213.0.0/16, a private range nothing on these machines uses. */
    private static final int SUBNETS = 1 << 14;
    /** Root class rate for "unshaped": far above what any test sends, so htb itself never holds a packet back. */
    private static final String UNLIMITED = "10gbit";
    /**
     * Deep enough that a sender overshooting the rate sees its delay grow (what libwebrtc's delay-based
     * estimator reacts to) before the queue overflows and drops (what its loss-based one reacts to).
     */
    public static final Duration DEFAULT_QUEUE = Duration.ofMillis(150);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "livestage-shaped-network.lock");

    private final Tools tools;
    private final String namespace;
    private final String hostLink;
    private final String hostAddress;
    private final String namespaceAddress;
    private final List<Process> started = new ArrayList<>();
    private int nextControlPort = CONTROL_PORT_BASE;
    private long shapedBitsPerSecond;

    private ShapedNetwork(Tools tools, String namespace, String hostLink, String hostAddress, String namespaceAddress) {
        this.tools = tools;
        this.namespace = namespace;
        this.hostLink = hostLink;
        this.hostAddress = hostAddress;
        this.namespaceAddress = namespaceAddress;
    }

    /**
     * Creates the namespace and its veth, unshaped, after removing what earlier runs that died left
     * behind. Fails the test with the reason when this machine cannot do it.
     */
    public static ShapedNetwork create() throws IOException, InterruptedException {
        Tools tools = Tools.find();
        long pid = ProcessHandle.current().pid();
        int sequence = SEQUENCE.getAndIncrement();
        String namespace = NAMESPACE_PREFIX + pid + "-" + sequence;
        String hostLink = "lsh" + pid + "-" + sequence;
        String namespaceLink = "lsn" + pid + "-" + sequence;
        // Several test JVMs may run at once: choosing a free /30 and taking it must not interleave.
        synchronized (ShapedNetwork.class) {
            try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                removeStale(tools);
                int subnet = freeSubnet(tools, pid);
                String hostAddress = address(subnet, 1);
                String namespaceAddress = address(subnet, 2);
                ShapedNetwork network = new ShapedNetwork(tools, namespace, hostLink, hostAddress, namespaceAddress);
                try {
                    tools.ip("netns", "add", namespace);
                    // Created straight into the namespace, so no half-moved pair is left if we die here.
                    tools.ip("link", "add", hostLink, "type", "veth", "peer", "name", namespaceLink, "netns", namespace);
                    tools.ip("addr", "add", hostAddress + "/30", "dev", hostLink);
                    tools.ip("link", "set", hostLink, "up");
                    tools.ip("-n", namespace, "addr", "add", namespaceAddress + "/30", "dev", namespaceLink);
                    tools.ip("-n", namespace, "link", "set", namespaceLink, "up");
                    // chromedriver talks to Chromium's DevTools over the namespace's own loopback.
                    tools.ip("-n", namespace, "link", "set", "lo", "up");
                    network.installQdisc();
                    return network;
                } catch (RuntimeException | Error e) {
                    network.removeLinks();
                    throw e;
                }
            }
        }
    }

    /** This machine's end of the veth: where a browser in the namespace finds the server. */
    public String hostAddress() {
        return hostAddress;
    }

    /** The namespace's end of the veth: the only address (beside its loopback) a browser in it has. */
    public String namespaceAddress() {
        return namespaceAddress;
    }

    /** The server's base URL as seen from inside the namespace: {@code http://<hostAddress>:<httpPort>}. */
    public String serverUrl(int httpPort) {
        return "http://" + hostAddress + ":" + httpPort;
    }

    public String namespace() {
        return namespace;
    }

    /**
     * The environment for {@code TestServers.start}: HTTP and media on every interface (browsers on this
     * machine come over loopback, browsers in the namespace over the veth), and both addresses in the
     * ICE candidates so each side has one it can reach; the other one's checks simply fail.
     */
    public Map<String, String> serverOverrides() {
        return Map.of("LIVESTAGE_HTTP_HOST", "0.0.0.0", "LIVESTAGE_MEDIA_BIND_ADDRESS", "0.0.0.0",
                "LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES", "[\"127.0.0.1\", \"" + hostAddress + "\"]");
    }

    /** Holds what reaches the namespace to this rate, with a {@link #DEFAULT_QUEUE} of queueing delay. */
    public void shape(long bitsPerSecond) {
        shape(bitsPerSecond, DEFAULT_QUEUE);
    }

    /**
     * Holds what reaches the namespace to this rate; packets wait in a queue of up to {@code queue} at that
     * rate, and arrivals that find it full are dropped. Replaces an earlier shape without a gap.
     */
    public synchronized void shape(long bitsPerSecond, Duration queue) {
        if (bitsPerSecond <= 0 || queue.isNegative() || queue.isZero()) {
            throw new IllegalArgumentException("a shape needs a rate and a queue, not " + bitsPerSecond + " bit/s and "
                    + queue);
        }
        // The bucket: 3 full frames (1514 bytes: MTU and Ethernet header), so a paced sender's few packets
        // in a row pass as they come, yet far too little to hide the rate; at high rates 10 ms of it, so
        // that tbf need not wake up for every packet.
        long burstBytes = Math.max(3 * 1514, bitsPerSecond / 8 / 100);
        tools.tc("qdisc", "replace", "dev", hostLink, "parent", "1:20", "handle", "20:", "tbf",
                "rate", bitsPerSecond + "bit", "burst", String.valueOf(burstBytes),
                "latency", queue.toMillis() + "ms");
        shapedBitsPerSecond = bitsPerSecond;
    }

    /** Lifts the shape: the veth carries whatever is sent again. Queued packets are dropped. */
    public synchronized void unshape() {
        if (shapedBitsPerSecond != 0) {
            tools.tc("qdisc", "del", "dev", hostLink, "parent", "1:20", "handle", "20:");
            shapedBitsPerSecond = 0;
        }
    }

    /** The rate now applied, 0 when unshaped. */
    public synchronized long shapedBitsPerSecond() {
        return shapedBitsPerSecond;
    }

    /** {@code tc -s qdisc} of the host-side veth: bytes and packets sent, dropped and over the limit, per queue. */
    public String queueStatistics() {
        return tools.tc("-s", "qdisc", "show", "dev", hostLink).strip();
    }

    /**
     * The shape's own counters since {@link #shape} installed it (a later shape() keeps counting), all 0
     * when unshaped: what it passed on, and what it dropped for want of room in its queue. A sender that
     * keeps to the link has its packets delayed at most, never dropped.
     */
    public synchronized ShapeCounters shapeCounters() {
        if (shapedBitsPerSecond == 0) {
            return new ShapeCounters(0, 0, 0);
        }
        String statistics = tools.tc("-s", "qdisc", "show", "dev", hostLink, "parent", "1:20");
        Matcher matcher = SENT.matcher(statistics);
        if (!matcher.find()) {
            throw new IllegalStateException("no counters in tc's report of the shape: " + statistics);
        }
        return new ShapeCounters(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                Long.parseLong(matcher.group(3)));
    }

    /** What the shape passed on and dropped: bytes as the link counts them (IP and Ethernet headers included). */
    public record ShapeCounters(long sentBytes, long sentPackets, long droppedPackets) {
    }

    /** A TCP port inside the namespace whose traffic from this machine is never shaped, for a driver to listen on. */
    synchronized int controlPort() {
        if (nextControlPort >= CONTROL_PORT_BASE + CONTROL_PORTS) {
            throw new IllegalStateException("at most " + CONTROL_PORTS + " drivers per shaped network");
        }
        return nextControlPort++;
    }

    /**
     * Starts a command inside the namespace ({@code ip netns exec} replaces itself with it, so the
     * process is the command), its output into {@code log}. {@link #close()} ends it if it still runs.
     */
    synchronized Process startInside(List<String> command, Path log) throws IOException {
        List<String> line = new ArrayList<>(List.of(tools.ipBinary().toString(), "netns", "exec", namespace));
        line.addAll(command);
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        started.add(process);
        return process;
    }

    /** Ends a process from {@link #startInside}: politely, then for good after a few seconds. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ends what was started inside, then deletes the namespace and both ends of the veth. */
    @Override
    public synchronized void close() {
        started.forEach(ShapedNetwork::stop);
        started.clear();
        removeLinks();
    }

    private void installQdisc() {
        tools.tc("qdisc", "add", "dev", hostLink, "root", "handle", "1:", "htb", "default", "20");
        for (String classId : List.of("1:10", "1:20")) {
            // Explicit burst and quantum: at this rate tc computes a burst of 0 bytes, and htb's own quantum
            // (rate / r2q) is too big and logged as such by the kernel.
            tools.tc("class", "add", "dev", hostLink, "parent", "1:", "classid", classId, "htb", "rate", UNLIMITED,
                    "burst", "128k", "cburst", "128k", "quantum", "60000");
        }
        tools.tc("filter", "add", "dev", hostLink, "parent", "1:", "protocol", "ip", "prio", "1", "u32",
                "match", "ip", "protocol", "6", "0xff",
                "match", "ip", "dport", String.valueOf(CONTROL_PORT_BASE), String.format("0x%04x", 0x10000 - CONTROL_PORTS),
                "flowid", "1:10");
    }

    /** Whatever is left of this network; safe to call on a half-built one. */
    private void removeLinks() {
        remove(tools, namespace);
        tools.run("link", "del", hostLink);
    }

    /** Kills what still runs in the namespace (Chromium outliving a killed driver), then deletes it. */
    private static void remove(Tools tools, String namespace) {
        String pids = tools.run("netns", "pids", namespace).output();
        for (String pid : pids.split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        // Deleting the namespace deletes its end of the veth, and with it the pair.
        tools.run("netns", "del", namespace);
    }

    /** Namespaces and links of ours whose JVM is gone: a run that was killed never reached close(). */
    private static void removeStale(Tools tools) {
        for (String line : tools.ip("netns", "list").split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (isStale(name)) {
                remove(tools, name);
            }
        }
        for (String line : tools.ip("-o", "link", "show").split("\n")) {
            String[] fields = line.split(":\\s+");
            if (fields.length > 1) {
                String name = fields[1].split("@")[0];
                if (isStale(name)) {
                    tools.run("link", "del", name);
                }
            }
        }
    }

    private static boolean isStale(String name) {
        Matcher matcher = OURS.matcher(name);
        return matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).map(p -> !p.isAlive()).orElse(true);
    }

    /** A /30 no interface here has an address in, starting from one the pid picks so parallel runs rarely probe far. */
    private static int freeSubnet(Tools tools, long pid) {
        String inUse = tools.ip("-4", "-o", "addr", "show");
        for (int i = 0; i < SUBNETS; i++) {
            int subnet = (int) ((pid + i) % SUBNETS);
            if (!inUse.contains(" " + address(subnet, 1) + "/") && !inUse.contains(" " + address(subnet, 2) + "/")) {
                return subnet;
            }
        }
        throw new IllegalStateException("no free /30 left in 10.213.0.0/16");
    }

    private static String address(int subnet, int host) {
        int base = subnet * 4 + host;
        return "10.213." + (base >> 8) + "." + (base & 0xff);
    }

    /** iproute2's binaries, found once root was confirmed. */
    private record Tools(Path ipBinary, Path tcBinary) {
        record Result(int exitCode, String output) {
        }

        static Tools find() throws IOException {
            if (!isRoot()) {
                fail("a shaped network needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) for network namespaces,"
                        + " veth and tc; run the tests as root (CI does)");
            }
            return new Tools(locate("ip"), locate("tc"));
        }

        private static boolean isRoot() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // the effective uid
                }
            }
            return false;
        }

        private static Path locate(String name) {
            Optional<Path> found = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin").stream()
                    .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
            if (found.isEmpty()) {
                fail("`" + name + "` is missing: shaped-network tests need iproute2;"
                        + " install it with `apt-get install -y iproute2`");
            }
            return found.get();
        }

        /** Runs {@code ip} and returns its output, or throws with it when it failed. */
        String ip(String... args) {
            return require(ipBinary, args);
        }

        String tc(String... args) {
            return require(tcBinary, args);
        }

        /** Runs {@code ip} whatever comes of it: for cleaning up what may already be gone. */
        Result run(String... args) {
            return execute(ipBinary, args);
        }

        private static String require(Path tool, String... args) {
            Result result = execute(tool, args);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(tool.getFileName() + " " + String.join(" ", args) + " failed ("
                        + result.exitCode() + "): " + result.output().strip());
            }
            return result.output();
        }

        private static Result execute(Path tool, String... args) {
            List<String> command = new ArrayList<>(List.of(tool.toString()));
            command.addAll(List.of(args));
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                // Our commands print little; read it all before waiting, so a full pipe cannot stall them.
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT);
                }
                return new Result(process.exitValue(), output);
            } catch (IOException e) {
                throw new UncheckedIOException("could not run " + String.join(" ", command), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
            }
        }
    }
}
