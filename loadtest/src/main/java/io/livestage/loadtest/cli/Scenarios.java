package io.livestage.loadtest.cli;

import io.livestage.loadtest.calls.CallsOptions;
import io.livestage.loadtest.calls.CallsScenario;
import io.livestage.loadtest.chat.ChatOptions;
import io.livestage.loadtest.chat.ChatScenario;
import io.livestage.loadtest.gifts.GiftsOptions;
import io.livestage.loadtest.gifts.GiftsScenario;
import io.livestage.loadtest.scenario.ScenarioReport;
import io.livestage.loadtest.show.ShowOptions;
import io.livestage.loadtest.show.ShowScenario;
import java.io.PrintStream;

/**
 * What a command runs once its options are parsed and checked: {@link #LIVE} sends the load; the
 * command line's tests give a stand-in that records the options, so they never send any.
 */
public interface Scenarios {

    ScenarioReport chat(ChatOptions options, PrintStream out) throws InterruptedException;

    ScenarioReport show(ShowOptions options, PrintStream out) throws InterruptedException;

    ScenarioReport gifts(GiftsOptions options, PrintStream out) throws InterruptedException;

    ScenarioReport calls(CallsOptions options, PrintStream out) throws InterruptedException;

    /** The real scenarios, against the server the options name. */
    Scenarios LIVE = new Scenarios() {
        @Override
        public ScenarioReport chat(ChatOptions options, PrintStream out) throws InterruptedException {
            return new ChatScenario(options, out).run();
        }

        @Override
        public ScenarioReport show(ShowOptions options, PrintStream out) throws InterruptedException {
            return new ShowScenario(options, out).run();
        }

        @Override
        public ScenarioReport gifts(GiftsOptions options, PrintStream out) throws InterruptedException {
            return new GiftsScenario(options, out).run();
        }

        @Override
        public ScenarioReport calls(CallsOptions options, PrintStream out) throws InterruptedException {
            return new CallsScenario(options, out).run();
        }
    };
}
