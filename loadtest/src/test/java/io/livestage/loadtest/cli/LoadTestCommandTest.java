package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.chat.ChatOptions;
import io.livestage.signaling.protocol.Versions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code livestage-loadtest} command: its scenarios, help, version and exit statuses. */
class LoadTestCommandTest {

    private final CommandRun run = new CommandRun();

    @Test
    void helpListsScenariosAndSucceeds() {
        for (String help : List.of(run.help("--help"), run.help("-h"), run.help("help"))) {
            for (String scenario : List.of(
                    "chat N viewers join one show; the host chats; reports fan-out latency and server memory.",
                    "show One publisher (Opus + 720p VP8), N WebRTC subscribers; reports packets forwarded, server"
                            + " CPU per packet, loss and latency.",
                    "gifts Viewers across several shows; senders send gifts at a fixed rate; reports delivery"
                            + " latency, lost and doubled deliveries, Redis commands per gift.",
                    "calls N paid 1:1 calls with media both ways, billed per (simulated) minute; reports setup time,"
                            + " billing ticks on time, media received, whether the money adds up, server CPU.",
                    "java -jar livestage-loadtest.jar <scenario> [options]",
                    "'java -jar livestage-loadtest.jar <scenario> --help' lists the options of a scenario.",
                    "Send load only to servers you run yourself.")) {
                assertTrue(CommandRun.words(help).contains(CommandRun.words(scenario)), () -> "no '" + scenario + "' in: " + help);
            }
        }
    }

    @Test
    void versionNamesTheBuildAndTheProtocol() {
        for (List<String> args : List.of(List.of("--version"), List.of("-V"), List.of("show", "--version"),
                List.of("calls", "--version"))) {
            assertEquals(LoadTestCommand.PASSED, run.run(args.toArray(String[]::new)), run.err());
            assertEquals("livestage-loadtest " + Versions.server() + " (protocol " + Versions.PROTOCOL + ")",
                    run.out().trim());
            assertFalse(run.ran(), "--version runs nothing");
        }
        assertTrue(Versions.server().matches("\\d+\\.\\d+\\.\\d+.*"), Versions.server());
    }

    @Test
    void theExitStatusIsTheScenariosVerdict() {
        assertEquals(LoadTestCommand.PASSED, run.run("chat", "--viewers", "3"));
        assertEquals(3, run.options(ChatOptions.class, "chat", "--viewers", "3").viewers());
        assertEquals("RESULT: PASS", run.out().trim());
        run.scenarioFails();
        assertEquals(LoadTestCommand.FAILED, run.run("chat", "--viewers", "3"));
        assertTrue(run.ran());
        assertEquals("RESULT: FAIL: the stand-in failed", run.out().trim());
    }

    @Test
    void showHelpListsItsOptionsAndABadFlagIsBadUsage() {
        assertTrue(run.help("show", "--help").contains("--subscribers=N"));
        assertTrue(run.refused("show", "--duration", "soon").startsWith("--duration"));
        assertTrue(run.err().contains("show --help"), run.err());
    }

    @Test
    void giftsHelpListsItsOptionsAndABadFlagIsBadUsage() {
        String help = run.help("gifts", "--help");
        assertTrue(help.contains("--senders=N") && help.contains("--redis=URI"), help);
        assertTrue(run.refused("gifts", "--rate", "fast").startsWith("--rate"));
        assertTrue(run.err().contains("gifts --help"), run.err());
    }

    @Test
    void callsHelpListsItsOptionsAndABadFlagIsBadUsage() {
        String help = run.help("calls", "--help");
        assertTrue(help.contains("--minute-ms=N") && help.contains("--video=WxH@FPS"), help);
        assertTrue(run.refused("calls", "--video", "big").startsWith("--video"));
        assertTrue(run.err().contains("calls --help"), run.err());
    }

    @Test
    void noArgumentsIsBadUsageWithTheUsage() {
        assertEquals(LoadTestCommand.BAD_USAGE, run.run());
        assertFalse(run.ran());
        assertTrue(run.err().contains("Usage: livestage-loadtest") && run.err().contains("Scenarios:"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void anUnknownScenarioIsBadUsage() {
        assertEquals("unknown scenario 'dance'", run.refused("dance"));
        assertTrue(run.err().contains("'java -jar livestage-loadtest.jar --help' lists the scenarios."), run.err());
        assertEquals("unknown scenario 'chta'", run.refused("chta", "--viewers", "5"));
        assertTrue(run.err().contains("chat"), "a near miss is suggested: " + run.err());
        assertEquals("Unknown options: '--viewers', '5'", run.refused("--viewers", "5", "chat"));
    }

    @Test
    void badFlagIsBadUsageWithTheReason() {
        assertEquals("--viewers must be between 1 and 50000, not -3", run.refused("chat", "--viewers", "-3"));
    }
}
