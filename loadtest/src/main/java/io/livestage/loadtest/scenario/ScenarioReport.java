package io.livestage.loadtest.scenario;

import java.io.PrintStream;
import java.util.List;

/** What the command line needs of any scenario's outcome: the summary for people and the exit status. */
public interface ScenarioReport {

    void print(PrintStream out);

    /** Why the run counts as failed; empty when it passed. */
    List<String> problems();

    default boolean passed() {
        return problems().isEmpty();
    }

    /** The summary's last line, which scripts and people look for. */
    default String verdict() {
        List<String> problems = problems();
        return problems.isEmpty() ? "RESULT: PASS" : "RESULT: FAIL: " + String.join("; ", problems);
    }
}
