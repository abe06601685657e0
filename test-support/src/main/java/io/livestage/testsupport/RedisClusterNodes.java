package io.livestage.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of the test's own: three masters (Debian's {@code redis-server} in cluster mode, no replicas,
 * nothing kept on disk) on free loopback ports, the 16,384 slots split between them by {@code redis-cli
 * --cluster create}; ready once every node reports {@code cluster_state:ok}.
 */
public final class RedisClusterNodes implements AutoCloseable {
    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private RedisClusterNodes(Path dir) {
        this.dir = dir;
    }

    public static RedisClusterNodes start(int shards) throws IOException, InterruptedException {
        RedisProcesses.require(RedisProcesses.SERVER, RedisProcesses.CLI);
        RedisClusterNodes cluster = new RedisClusterNodes(Files.createTempDirectory("livestage-redis-cluster"));
        try {
            for (int i = 0; i < shards; i++) {
                cluster.launch();
            }
            cluster.create();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The URI of one node: the cluster client finds the others from it. */
    public String seedUri() {
        return "redis://127.0.0.1:" + ports.get(0);
    }

    private void launch() throws IOException, InterruptedException {
        int port = RedisProcesses.freePort();
        Process process = new ProcessBuilder(RedisProcesses.SERVER, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        ports.add(port);
        processes.add(process);
        RedisProcesses.awaitReady(process, port, () -> "see " + dir);
    }

    private void create() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RedisProcesses.CLI, "--cluster", "create"));
        ports.forEach(port -> command.add("127.0.0.1:" + port));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process create = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("create.log").toFile()).start();
        if (!create.waitFor(30, TimeUnit.SECONDS) || create.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed; see " + dir.resolve("create.log"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (int port : ports) {
            while (!RedisProcesses.answers(port, "CLUSTER INFO", "cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the cluster did not become ready; see " + dir);
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (Process process : processes) {
            RedisProcesses.kill(process);
        }
        RedisProcesses.deleteTree(dir);
    }
}
