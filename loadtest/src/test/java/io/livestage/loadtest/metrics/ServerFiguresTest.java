package io.livestage.loadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerFiguresTest {

    @Test
    void sumsHeapAreasAndReadsProcessFigures() {
        String exposition = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2000000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
                # TYPE livestage_process_resident_memory_bytes gauge
                livestage_process_resident_memory_bytes 3.3554432E8
                livestage_connections_open 10001.0 1700000000000
                livestage_connections_opened_total 12000.0
                process_cpu_time_ns_total 2.73E9
                livestage_sfu_packets_in_total{kind="dtls"} 12.0
                livestage_sfu_packets_in_total{kind="rtp"} 9300.0
                livestage_sfu_packets_forwarded_total 1860000.0
                livestage_sfu_forwarding_seconds_count 9000
                livestage_sfu_forwarding_seconds_sum 4.5
                livestage_sfu_forwarding_seconds_max 0.002
                livestage_sfu_keyframe_requests_total 42.0
                livestage_sfu_keyframe_wanted_total 1234.0
                """;
        assertEquals(new ServerFigures(12_485_760, 335_544_320, 10_001, 2_730_000_000L, 9_300, 1_860_000, 4.5, 9_000,
                42, 1_234), ServerFigures.parse(exposition));
    }

    @Test
    void missingFiguresAreMinusOne() {
        assertEquals(new ServerFigures(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1),
                ServerFigures.parse("# nothing\nsome_metric 1\n"));
    }

    @Test
    void brokenLinesAreSkipped() {
        String exposition = "livestage_connections_open{broken 1\nlivestage_connections_open NaN-ish\n"
                + "livestage_connections_open 7\n";
        assertEquals(new ServerFigures(-1, -1, 7, -1, -1, -1, -1, -1, -1, -1), ServerFigures.parse(exposition));
    }
}
