package io.livestage.server;

import io.livestage.server.config.ConfigException;
import io.livestage.server.config.ConfigLoader;
import io.livestage.server.config.LiveStageConfig;
import io.livestage.server.logging.LogFormat;
import io.livestage.signaling.net.LocalAddresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar livestage.jar [--config file.yaml]}: starts one LiveStage node. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Path file;
        try {
            file = configFile(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("livestage: " + e.getMessage());
            System.err.println("usage: java -jar livestage.jar [--config <file.yaml>]");
            System.exit(2);
            return;
        }
        if (file == null && args.length > 0) {
            System.out.println("usage: java -jar livestage.jar [--config <file.yaml>]");
            System.out.println("Settings come from the built-in dev defaults, the file, then LIVESTAGE_* variables.");
            return;
        }
        LiveStageConfig config;
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            System.err.println("livestage: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.logging().json()) {
            LogFormat.useJson();
        }
        LiveStageServer server = LiveStageServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "livestage-shutdown"));
        for (String url : urls(config, server)) {
            System.out.println("LiveStage is live: open " + url);
        }
        if (config.signaling().devEndpoints()) {
            log.warn("dev mode is on: POST /dev/token issues tokens to anyone. Never expose this to the internet.");
        } else if (config.devMode()) {
            log.info("dev mode is on, but /dev/token and /dev/credit are closed: auth.secret is not the dev secret");
        }
    }

    /** The file from --config, else LIVESTAGE_CONFIG, else null (built-in defaults). */
    static Path configFile(String[] args, Map<String, String> env) {
        if (args.length == 2 && args[0].equals("--config")) {
            return existing(Path.of(args[1]));
        }
        if (args.length == 1 && args[0].startsWith("--config=")) {
            return existing(Path.of(args[0].substring("--config=".length())));
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            return null;
        }
        if (args.length > 0) {
            throw new IllegalArgumentException("unknown arguments " + String.join(" ", args));
        }
        String fromEnv = env.get(ConfigLoader.CONFIG_FILE_VARIABLE);
        return fromEnv == null || fromEnv.isBlank() ? null : existing(Path.of(fromEnv));
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no configuration file at " + file.toAbsolutePath());
        }
        return file;
    }

    /** Where to open the client: this machine, and on a wildcard bind the LAN addresses phones can use. */
    static List<String> urls(LiveStageConfig config, LiveStageServer server) {
        String scheme = server.tls() ? "https" : "http";
        String host = config.http().host();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
        List<String> hosts = new ArrayList<>(List.of(wildcard ? "localhost" : host));
        if (wildcard) {
            LocalAddresses.ipv4().stream().filter(address -> !address.startsWith("127.")).forEach(hosts::add);
        }
        List<String> urls = new ArrayList<>();
        for (String name : hosts) {
            urls.add(scheme + "://" + name + ":" + server.httpPort() + "/");
        }
        return urls;
    }
}
