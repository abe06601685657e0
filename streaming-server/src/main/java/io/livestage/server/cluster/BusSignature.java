package io.livestage.server.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may speak on the cluster bus: every entry a node appends carries the time it was signed and an HMAC-SHA256,
 * keyed with the nodes' shared {@code cluster.secret}, over that time and every field. A node takes only entries
 * whose signature holds and whose time is within {@link #MAX_AGE_MILLIS} of its own clock. So someone who can
 * write to Redis but does not have the secret cannot speak for a node: not ask a show's node for a relay of its
 * media, nor join or subscribe as a member, nor answer a relay's offer with a certificate of their own. Each
 * process numbers what it appends (under a random id of its own, in the signed fields), so a copy of a genuine
 * entry appended again is refused too: at once when its number was taken, or once it is that old. The secret is
 * a node setting, never in Redis.
 *
 * <p>Not thread-safe: one per bus thread.
 */
final class BusSignature {
    /** Signed this long before (or after, by clock skew) the reader's clock, an entry is refused. */
    static final long MAX_AGE_MILLIS = 60_000;
    static final String TIME = "at";
    /** This process's random id and the entry's number in what it appended: a copy has a number already taken. */
    static final String SEQUENCE = "q";
    static final String SIGNATURE = "s";
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;
    private final String processId = Long.toHexString(new SecureRandom().nextLong());
    private long appended;
    /** Per sending process (node and process id), the highest number taken and when; older than two ages, forgotten. */
    private final Map<String, long[]> taken = new HashMap<>();
    private long lastPruneMillis;

    BusSignature(String secret) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Adds the signing time and the signature to an entry's fields, in their append order. */
    void sign(Map<String, String> fields, long nowMillis) {
        fields.remove(SIGNATURE);
        fields.put(TIME, Long.toString(nowMillis));
        fields.put(SEQUENCE, processId + "." + ++appended);
        fields.put(SIGNATURE, signature(fields));
    }

    /** Why the entry is refused, or null when its signature holds and it is recent. */
    String refusal(Map<String, String> fields, long nowMillis) {
        String given = fields.get(SIGNATURE);
        String time = fields.get(TIME);
        if (given == null || time == null) {
            return "unsigned";
        }
        byte[] expected = signature(fields).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) {
            return "bad signature";
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(time);
        } catch (NumberFormatException e) {
            return "bad time";
        }
        if (Math.abs(nowMillis - signedAt) > MAX_AGE_MILLIS) {
            return "signed " + (nowMillis - signedAt) + " ms ago";
        }
        return firstTime(fields.get("f"), fields.get(SEQUENCE), nowMillis);
    }

    /**
     * Null when this is the first entry with its number from its process (each process numbers what it appends,
     * and one process's entries reach the stream in order), else why not: a copy of an entry taken before.
     */
    private String firstTime(String node, String sequence, long nowMillis) {
        int dot = sequence == null ? -1 : sequence.lastIndexOf('.');
        long number;
        try {
            number = dot < 0 ? -1 : Long.parseLong(sequence.substring(dot + 1));
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0) {
            return "no number";
        }
        if (nowMillis - lastPruneMillis > MAX_AGE_MILLIS) {
            lastPruneMillis = nowMillis;
            taken.values().removeIf(last -> nowMillis - last[1] > 2 * MAX_AGE_MILLIS);
        }
        long[] last = taken.computeIfAbsent(node + "/" + sequence.substring(0, dot), k -> new long[] {0, nowMillis});
        if (number <= last[0]) {
            return "a copy of entry " + number + " of " + node + ", already taken";
        }
        last[0] = number;
        last[1] = nowMillis;
        return null;
    }

    /**
     * The MAC over every field but the signature, by name, each as its name, its length and its value, so no two
     * different entries read the same.
     */
    private String signature(Map<String, String> fields) {
        // By name: Redis hands the fields back in the order they were appended, but nothing here relies on it.
        for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
            if (field.getKey().equals(SIGNATURE)) {
                continue;
            }
            update(field.getKey());
            update(field.getValue() == null ? "" : field.getValue());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    }

    private void update(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        mac.update((byte) (bytes.length >>> 24));
        mac.update((byte) (bytes.length >>> 16));
        mac.update((byte) (bytes.length >>> 8));
        mac.update((byte) bytes.length);
        mac.update(bytes);
    }
}
