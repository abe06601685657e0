package io.livestage.loadtest;

import io.livestage.loadtest.calls.CallsScenario;
import io.livestage.loadtest.chat.ChatScenario;
import io.livestage.loadtest.cli.CallsCommand;
import io.livestage.loadtest.cli.ChatCommand;
import io.livestage.loadtest.cli.Flags;
import io.livestage.loadtest.cli.GiftsCommand;
import io.livestage.loadtest.cli.ShowCommand;
import io.livestage.loadtest.cli.UsageException;
import io.livestage.loadtest.gifts.GiftsScenario;
import io.livestage.loadtest.scenario.ScenarioReport;
import io.livestage.loadtest.show.ShowScenario;
import java.io.PrintStream;
import java.util.Arrays;

/** The load generator's command line: {@code java -jar livestage-loadtest.jar <scenario> [options]}. */
public final class LoadGenerator {

    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;

    private static final String USAGE = """
            usage: java -jar livestage-loadtest.jar <scenario> [options]

            scenarios:
              chat    N viewers join one show; the host chats; reports fan-out latency and server memory
              show    one publisher (Opus + 720p VP8), N WebRTC subscribers; reports packets forwarded,
                      server CPU per packet, loss and latency
              gifts   viewers across several shows; senders send gifts at a fixed rate; reports
                      delivery latency, lost and doubled deliveries, Redis commands per gift
              calls   N paid 1:1 calls with media both ways, billed per (simulated) minute; reports
                      setup time, billing ticks on time, media received, whether the money adds up,
                      server CPU

            'java -jar livestage-loadtest.jar <scenario> --help' lists the options of a scenario.
            Send load only to servers you run yourself.
            """;

    private LoadGenerator() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length == 0) {
            err.print(USAGE);
            return BAD_USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "--help", "-h", "help" -> {
                out.print(USAGE);
                return PASSED;
            }
            case "chat" -> {
                return scenario("chat", ChatCommand.USAGE, ChatCommand::parse,
                        (options, printer) -> new ChatScenario(options, printer).run(), rest, out, err);
            }
            case "show" -> {
                return scenario("show", ShowCommand.USAGE, ShowCommand::parse,
                        (options, printer) -> new ShowScenario(options, printer).run(), rest, out, err);
            }
            case "gifts" -> {
                return scenario("gifts", GiftsCommand.USAGE, GiftsCommand::parse,
                        (options, printer) -> new GiftsScenario(options, printer).run(), rest, out, err);
            }
            case "calls" -> {
                return scenario("calls", CallsCommand.USAGE, CallsCommand::parse,
                        (options, printer) -> new CallsScenario(options, printer).run(), rest, out, err);
            }
            default -> {
                err.println("error: unknown scenario '" + args[0] + "'");
                err.print(USAGE);
                return BAD_USAGE;
            }
        }
    }

    /** Parses a scenario's flags. */
    private interface Parser<O> {
        O parse(String[] args) throws UsageException;
    }

    /** Runs a scenario to its report. */
    private interface Runner<O> {
        ScenarioReport run(O options, PrintStream out) throws InterruptedException;
    }

    private static <O> int scenario(String name, String usage, Parser<O> parser, Runner<O> runner, String[] args,
            PrintStream out, PrintStream err) throws InterruptedException {
        if (Flags.wantsHelp(args)) {
            out.print(usage);
            return PASSED;
        }
        O options;
        try {
            options = parser.parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("'java -jar livestage-loadtest.jar " + name + " --help' lists the options.");
            return BAD_USAGE;
        }
        ScenarioReport report = runner.run(options, out);
        report.print(out);
        return report.passed() ? PASSED : FAILED;
    }
}
