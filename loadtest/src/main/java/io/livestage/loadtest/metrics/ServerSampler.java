package io.livestage.loadtest.metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes {@link ServerFigures} at a scenario's milestones. A failed scrape costs the figure, not the run:
 * it yields null and its reason goes into {@link #note()}.
 */
public final class ServerSampler {

    private final MetricsScraper scraper;
    private final List<String> errors = new ArrayList<>();

    /** @param scraper null when the run asked for no server figures */
    public ServerSampler(MetricsScraper scraper) {
        this.scraper = scraper;
    }

    /** The server's figures now, or null. */
    public synchronized ServerFigures sample() throws InterruptedException {
        if (scraper == null) {
            return null;
        }
        try {
            return scraper.scrape();
        } catch (IOException e) {
            errors.add("scraping " + scraper.url() + " failed: " + e);
            return null;
        }
    }

    /** Why figures are missing, or empty. */
    public synchronized String note() {
        return scraper == null ? "server figures not requested" : String.join("; ", errors);
    }
}
