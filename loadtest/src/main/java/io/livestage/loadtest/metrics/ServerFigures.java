package io.livestage.loadtest.metrics;

/**
 * The server's own figures from its Prometheus endpoint; a figure the server did not report is -1.
 *
 * @param heapUsedBytes   sum of {@code jvm_memory_used_bytes} over the heap areas
 * @param residentBytes   {@code livestage_process_resident_memory_bytes}
 * @param connectionsOpen {@code livestage_connections_open}
 */
public record ServerFigures(long heapUsedBytes, long residentBytes, long connectionsOpen) {

    /** Reads the figures from a Prometheus text exposition. */
    public static ServerFigures parse(String exposition) {
        double heap = 0;
        boolean sawHeap = false;
        double resident = -1;
        double connections = -1;
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            PrometheusSample sample = PrometheusSample.parse(line);
            if (sample == null) {
                continue;
            }
            switch (sample.name()) {
                case "jvm_memory_used_bytes" -> {
                    if (sample.labels().contains("area=\"heap\"")) {
                        heap += sample.value();
                        sawHeap = true;
                    }
                }
                case "livestage_process_resident_memory_bytes" -> resident = sample.value();
                case "livestage_connections_open" -> connections = sample.value();
                default -> { }
            }
        }
        return new ServerFigures(sawHeap ? (long) heap : -1, (long) resident, (long) connections);
    }
}
