package io.livestage.signaling.session;

import java.security.SecureRandom;

/** Unguessable ids for rooms and calls: a kind letter, then random letters and digits that cannot be misread. */
public final class RoomIds {
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final SecureRandom random = new SecureRandom();

    public String next(char kind, int length) {
        char[] id = new char[length];
        id[0] = kind;
        for (int i = 1; i < length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
