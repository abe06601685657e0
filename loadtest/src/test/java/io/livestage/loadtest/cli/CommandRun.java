package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.calls.CallsOptions;
import io.livestage.loadtest.chat.ChatOptions;
import io.livestage.loadtest.gifts.GiftsOptions;
import io.livestage.loadtest.scenario.ScenarioReport;
import io.livestage.loadtest.show.ShowOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs the {@code livestage-loadtest} command line as {@code main} does, with scenarios that record the
 * options they were given and report a pass or a failure instead of sending load.
 */
final class CommandRun implements Scenarios {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Object ran;
    private boolean scenarioFails;

    /** The exit status of {@code livestage-loadtest args...}. */
    int run(String... args) {
        out.reset();
        err.reset();
        ran = null;
        return LoadTestCommand.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), this).execute(args);
    }

    /** The options a scenario got from an accepted command line (exit status 0). */
    <O> O options(Class<O> type, String... args) {
        assertEquals(LoadTestCommand.PASSED, run(args), err());
        return type.cast(assertInstanceOf(type, ran));
    }

    /**
     * The reason a command line is refused: exit status 2, no scenario run, {@code error: <reason>} on the
     * error stream and where the options are listed.
     */
    String refused(String... args) {
        assertEquals(LoadTestCommand.BAD_USAGE, run(args), out() + err());
        assertNull(ran, "a refused command line runs nothing");
        String first = err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: "), err());
        assertTrue(err().contains("'java -jar livestage-loadtest.jar "), err());
        return first.substring("error: ".length());
    }

    /** {@code args}' help on standard output, exit status 0, nothing run. */
    String help(String... args) {
        assertEquals(LoadTestCommand.PASSED, run(args), err());
        assertNull(ran, "help runs nothing");
        return out();
    }

    /** {@code text} without its whitespace: help wraps its lines wherever the width ends. */
    static String words(String text) {
        return text.replaceAll("\\s+", "");
    }

    boolean ran() {
        return ran != null;
    }

    void scenarioFails() {
        scenarioFails = true;
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public ScenarioReport chat(ChatOptions options, PrintStream printer) {
        return ranWith(options);
    }

    @Override
    public ScenarioReport show(ShowOptions options, PrintStream printer) {
        return ranWith(options);
    }

    @Override
    public ScenarioReport gifts(GiftsOptions options, PrintStream printer) {
        return ranWith(options);
    }

    @Override
    public ScenarioReport calls(CallsOptions options, PrintStream printer) {
        return ranWith(options);
    }

    private ScenarioReport ranWith(Object options) {
        ran = options;
        List<String> problems = scenarioFails ? List.of("the stand-in failed") : List.of();
        return new ScenarioReport() {
            @Override
            public void print(PrintStream printer) {
                printer.println(verdict());
            }

            @Override
            public List<String> problems() {
                return problems;
            }
        };
    }
}
