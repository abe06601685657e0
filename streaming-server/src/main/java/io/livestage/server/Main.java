package io.livestage.server;

import io.livestage.server.config.ConfigException;
import io.livestage.server.config.ConfigLoader;
import io.livestage.server.config.LiveStageConfig;
import io.livestage.server.logging.LogFormat;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.net.LocalAddresses;
import io.livestage.signaling.protocol.Versions;
import io.netty.util.ResourceLeakDetector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar livestage.jar [serve|token|check-config] [--config file.yaml]}: the
 * {@code livestage} command. Without a subcommand it serves, as it always has. Settings come from
 * the built-in dev defaults, the file (or {@code LIVESTAGE_CONFIG}), then {@code LIVESTAGE_*}
 * variables (and {@code LIVESTAGE_*_FILE} for secrets kept in files).
 */
@Command(name = "livestage", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A live-streaming and paid-calls server: signaling, SFU and gifts.",
        subcommands = {Main.Serve.class, Main.Token.class, Main.CheckConfig.class})
public final class Main implements Callable<Integer> {
    static final int BAD_CONFIG = 2;
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private final Map<String, String> env;
    @Option(names = "--config", paramLabel = "FILE", description = "YAML layered over the built-in defaults")
    Path config;

    Main(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        sampleNoLeaks();
        int code = commandLine(System.getenv()).execute(args);
        if (code != 0 || !serving) {
            System.exit(code);
        }
    }

    /**
     * Netty's leak detector, on by default, records a stack trace for one buffer in 128: with every
     * forwarded datagram a buffer, that was a measurable share of a call's CPU per packet. The
     * media path frees its buffers in one place each, covered by tests, which run with the
     * detector on; an operator can still turn it on with {@code -Dio.netty.leakDetection.level}.
     */
    private static void sampleNoLeaks() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** Set once a node runs: main then returns and the server's threads keep the process alive. */
    private static volatile boolean serving;

    static CommandLine commandLine(Map<String, String> env) {
        CommandLine line = new CommandLine(new Main(env), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == Serve.class) {
                    return type.cast(new Serve(env));
                }
                if (type == Token.class) {
                    return type.cast(new Token(env));
                }
                if (type == CheckConfig.class) {
                    return type.cast(new CheckConfig(env));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        line.setExecutionExceptionHandler((error, command, parsed) -> {
            command.getErr().println("livestage: " + error.getMessage());
            return BAD_CONFIG;
        });
        return line;
    }

    @Override
    public Integer call() {
        Serve serve = new Serve(env);
        serve.config = config;
        return serve.call();
    }

    /** The configuration from the file given, else {@code LIVESTAGE_CONFIG}, else the defaults alone. */
    static LiveStageConfig load(Path file, Map<String, String> env) {
        Path chosen = file;
        String fromEnv = env.get(ConfigLoader.CONFIG_FILE_VARIABLE);
        if (chosen == null && fromEnv != null && !fromEnv.isBlank()) {
            chosen = Path.of(fromEnv);
        }
        if (chosen != null && !Files.isRegularFile(chosen)) {
            throw new ConfigException("no configuration file at " + chosen.toAbsolutePath());
        }
        return ConfigLoader.load(chosen, env);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start a node (the default).")
    static final class Serve implements Callable<Integer> {
        private final Map<String, String> env;
        @Option(names = "--config", paramLabel = "FILE", description = "YAML layered over the built-in defaults")
        Path config;

        Serve(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            LiveStageConfig settings = load(config, env);
            if (settings.logging().json()) {
                LogFormat.useJson();
            }
            LiveStageServer server = LiveStageServer.start(settings);
            Duration drain = Duration.ofSeconds(settings.shutdown().drainSeconds());
            Runtime.getRuntime().addShutdownHook(new Thread(drain.isZero() ? server::close
                    : () -> server.closeAfterDrain(drain), "livestage-shutdown"));
            for (String url : urls(settings, server)) {
                System.out.println("LiveStage " + Versions.server() + " is live: open " + url);
            }
            if (settings.signaling().devEndpoints()) {
                log.warn("dev mode is on: POST /dev/token issues tokens to anyone. Never expose this to the internet.");
            } else if (settings.devMode()) {
                log.info("dev mode is on, but /dev/token and /dev/credit are closed: auth.secret is not the dev secret");
            }
            serving = true;
            return 0;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a token signed with the configured auth.secret (and its issuer and audience),"
                    + " for testing a node you run.")
    static final class Token implements Callable<Integer> {
        private final Map<String, String> env;
        @Option(names = "--config", paramLabel = "FILE", description = "YAML layered over the built-in defaults")
        Path config;
        @Option(names = "--user", required = true, description = "the token's subject (user id)")
        String user;
        @Option(names = "--name", description = "display name (default: the user id)")
        String name;
        @Option(names = "--roles", split = ",", defaultValue = "viewer",
                description = "comma-separated: creator, viewer, consultant (default: viewer)")
        List<String> roles;
        @Option(names = "--adult", description = "the platform verified the user is 18 or older")
        boolean adult;
        @Option(names = "--ttl", defaultValue = "PT1H", description = "lifetime, ISO-8601 (default: PT1H)")
        Duration ttl;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Token(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            LiveStageConfig settings = load(config, env);
            Set<Role> parsed = new LinkedHashSet<>();
            for (String role : roles) {
                parsed.add(Role.fromWire(role.trim()).orElseThrow(() -> new IllegalArgumentException(
                        "unknown role '" + role + "': creator, viewer or consultant")));
            }
            if (ttl.toMillis() > settings.auth().maxTokenLifetimeMs()) {
                throw new IllegalArgumentException("--ttl " + ttl + " is longer than auth.maxTokenLifetimeMs ("
                        + settings.auth().maxTokenLifetimeMs() + " ms): the node would refuse the token");
            }
            Identity identity = new Identity(user, name == null ? user : name, parsed, adult, null);
            TokenIssuer issuer = new TokenIssuer(settings.auth().secret(), settings.auth().issuer(),
                    settings.auth().audience(), Clock.systemUTC());
            spec.commandLine().getOut().println(issuer.issue(identity, ttl));
            return 0;
        }
    }

    @Command(name = "check-config", mixinStandardHelpOptions = true,
            description = "Load the configuration as serve would and say whether it would start.")
    static final class CheckConfig implements Callable<Integer> {
        private final Map<String, String> env;
        @Option(names = "--config", paramLabel = "FILE", description = "YAML layered over the built-in defaults")
        Path config;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        CheckConfig(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                LiveStageConfig settings = load(config, env);
                out.println("configuration OK: environment " + settings.environment() + ", dev mode "
                        + (settings.devMode() ? "on" : "off") + ", HTTP port " + settings.http().port()
                        + ", media UDP port " + settings.media().udpPort() + ", Redis "
                        + (settings.redis().configured() ? "configured" : "none (wallets in memory)")
                        + ", TURN " + (settings.turn().enabled() ? "configured" : "none"));
                return 0;
            } catch (ConfigException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("livestage: " + e.getMessage());
                return BAD_CONFIG;
            }
        }
    }

    /** {@code --version}: the build and the protocol it speaks. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"livestage " + Versions.server() + " (protocol " + Versions.PROTOCOL + ")"};
        }
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
        for (String hostName : hosts) {
            urls.add(scheme + "://" + hostName + ":" + server.httpPort() + "/");
        }
        return urls;
    }
}
