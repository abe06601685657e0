package io.livestage.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpListsScenariosAndSucceeds() throws Exception {
        assertEquals(LoadGenerator.PASSED, run("--help"));
        assertTrue(text(out).contains("chat"));
    }

    @Test
    void chatHelpListsItsOptions() throws Exception {
        assertEquals(LoadGenerator.PASSED, run("chat", "--help"));
        assertTrue(text(out).contains("--viewers N"));
    }

    @Test
    void showHelpListsItsOptionsAndABadFlagIsBadUsage() throws Exception {
        assertEquals(LoadGenerator.PASSED, run("show", "--help"));
        assertTrue(text(out).contains("--subscribers N"));
        assertEquals(LoadGenerator.BAD_USAGE, run("show", "--duration", "soon"));
        assertTrue(text(err).startsWith("error: --duration") && text(err).contains("show --help"), text(err));
    }

    @Test
    void giftsHelpListsItsOptionsAndABadFlagIsBadUsage() throws Exception {
        assertEquals(LoadGenerator.PASSED, run("gifts", "--help"));
        assertTrue(text(out).contains("--senders N") && text(out).contains("--redis URI"));
        assertEquals(LoadGenerator.BAD_USAGE, run("gifts", "--rate", "fast"));
        assertTrue(text(err).startsWith("error: --rate") && text(err).contains("gifts --help"), text(err));
    }

    @Test
    void callsHelpListsItsOptionsAndABadFlagIsBadUsage() throws Exception {
        assertEquals(LoadGenerator.PASSED, run("calls", "--help"));
        assertTrue(text(out).contains("--minute-ms N") && text(out).contains("--video WxH@FPS"));
        assertEquals(LoadGenerator.BAD_USAGE, run("calls", "--video", "big"));
        assertTrue(text(err).startsWith("error: --video") && text(err).contains("calls --help"), text(err));
    }

    @Test
    void noArgumentsOrUnknownScenarioIsBadUsage() throws Exception {
        assertEquals(LoadGenerator.BAD_USAGE, run());
        assertEquals(LoadGenerator.BAD_USAGE, run("dance"));
        assertTrue(text(err).contains("unknown scenario 'dance'"));
    }

    @Test
    void badFlagIsBadUsageWithTheReason() throws Exception {
        assertEquals(LoadGenerator.BAD_USAGE, run("chat", "--viewers", "-3"));
        assertTrue(text(err).startsWith("error: --viewers"), text(err));
    }

    private int run(String... args) throws InterruptedException {
        return LoadGenerator.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
