package io.livestage.loadtest.cli;

import io.livestage.loadtest.scenario.ScenarioReport;
import io.livestage.signaling.protocol.Versions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar livestage-loadtest.jar <scenario> [options]}: the {@code livestage-loadtest} command,
 * the jar's main class. Each scenario is a subcommand; its exit status is 0 when it passed, 1 when it
 * failed and 2 for a bad command line (which runs nothing).
 */
@Command(name = "livestage-loadtest", mixinStandardHelpOptions = true, versionProvider = LoadTestCommand.Version.class,
        sortOptions = false, usageHelpWidth = 100,
        synopsisSubcommandLabel = "<scenario>", commandListHeading = "%nScenarios:%n",
        description = "Drives a LiveStage server through one scenario and reports what it measured."
                + " Run it as: java -jar livestage-loadtest.jar <scenario> [options]",
        footer = {"%n'java -jar livestage-loadtest.jar <scenario> --help' lists the options of a scenario.",
            "Send load only to servers you run yourself."},
        subcommands = {ChatCommand.class, ShowCommand.class, GiftsCommand.class, CallsCommand.class})
public final class LoadTestCommand implements Callable<Integer> {

    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err, Scenarios.LIVE).execute(args));
    }

    /**
     * The command line, writing help, progress and reports to {@code out}, and errors to {@code err}.
     *
     * @param scenarios what the commands run once their options are checked ({@link Scenarios#LIVE} sends load)
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err, Scenarios scenarios) {
        CommandLine line = new CommandLine(new LoadTestCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ChatCommand.class) {
                    return type.cast(new ChatCommand(scenarios, out));
                }
                if (type == ShowCommand.class) {
                    return type.cast(new ShowCommand(scenarios, out));
                }
                if (type == GiftsCommand.class) {
                    return type.cast(new GiftsCommand(scenarios, out));
                }
                if (type == CallsCommand.class) {
                    return type.cast(new CallsCommand(scenarios, out));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        // 'help' and 'help <scenario>' as before picocli, without listing a scenario that is not one.
        line.addSubcommand("help", new CommandLine.HelpCommand());
        line.getSubcommands().get("help").getCommandSpec().usageMessage().hidden(true);
        OptionValues.registerConverters(line);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setParameterExceptionHandler(LoadTestCommand::badCommandLine);
        return line;
    }

    /** Without a scenario there is nothing to run: the usage, on the error stream. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_USAGE;
    }

    /** Prints the report and turns its verdict into the exit status. */
    static int finish(ScenarioReport report, PrintStream out) {
        report.print(out);
        return report.passed() ? PASSED : FAILED;
    }

    /** What is wrong, and where the options are listed; nothing runs. */
    static int badCommandLine(ParameterException error, String[] args) {
        CommandLine line = error.getCommandLine();
        PrintWriter err = line.getErr();
        err.println("error: " + describe(error));
        UnmatchedArgumentException.printSuggestions(error, err);
        if (line.getParent() == null) {
            err.println("'java -jar livestage-loadtest.jar --help' lists the scenarios.");
        } else {
            err.println("'java -jar livestage-loadtest.jar " + line.getCommandName() + " --help' lists the options.");
        }
        return BAD_USAGE;
    }

    /** A bad value names its option first; a word that is no scenario says so. */
    static String describe(ParameterException error) {
        if (error.getCause() instanceof TypeConversionException && error.getArgSpec() instanceof OptionSpec option) {
            return option.longestName() + " " + error.getCause().getMessage();
        }
        if (error instanceof UnmatchedArgumentException unmatched && error.getCommandLine().getParent() == null) {
            List<String> words = unmatched.getUnmatched();
            if (!words.isEmpty() && !words.get(0).startsWith("-")) {
                return "unknown scenario '" + words.get(0) + "'";
            }
        }
        return error.getMessage();
    }

    /** {@code --version}: the build, which is the server's, and the protocol it speaks. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"livestage-loadtest " + Versions.server() + " (protocol " + Versions.PROTOCOL + ")"};
        }
    }
}
