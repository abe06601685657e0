package io.livestage.gifts.redis;

import java.util.List;

/** The parts of XINFO STREAM the feed needs: the last id ever added and how many entries were ever added. */
record StreamInfo(String lastId, long entriesAdded) {
    static StreamInfo of(List<Object> reply) {
        String last = "0-0";
        long added = 0;
        // XINFO STREAM replies with alternating field names and values.
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            String field = String.valueOf(reply.get(i));
            Object value = reply.get(i + 1);
            if ("last-generated-id".equals(field)) {
                last = String.valueOf(value);
            } else if ("entries-added".equals(field) && value instanceof Long count) {
                added = count;
            }
        }
        return new StreamInfo(last, added);
    }
}
