package io.livestage.loadtest;

import io.livestage.loadtest.chat.ChatOptions;
import io.livestage.loadtest.chat.ChatReport;
import io.livestage.loadtest.chat.ChatScenario;
import io.livestage.loadtest.cli.ChatCommand;
import io.livestage.loadtest.cli.UsageException;
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

            'java -jar livestage-loadtest.jar chat --help' lists the options of a scenario.
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
                return chat(rest, out, err);
            }
            default -> {
                err.println("error: unknown scenario '" + args[0] + "'");
                err.print(USAGE);
                return BAD_USAGE;
            }
        }
    }

    private static int chat(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (ChatCommand.wantsHelp(args)) {
            out.print(ChatCommand.USAGE);
            return PASSED;
        }
        ChatOptions options;
        try {
            options = ChatCommand.parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("'java -jar livestage-loadtest.jar chat --help' lists the options.");
            return BAD_USAGE;
        }
        ChatReport report = new ChatScenario(options, out).run();
        report.print(out);
        return report.passed() ? PASSED : FAILED;
    }
}
