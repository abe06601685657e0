package io.livestage.sfu.ice;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * One side's ICE username fragment and password (RFC 8839 ice-ufrag / ice-pwd).
 * Ours are random; the peer's come from its SDP.
 */
public record IceCredentials(String ufrag, String pwd) {

    /** RFC 8839 minimums: 24 bits of randomness in the ufrag, 128 bits in the password. */
    public static final int MIN_UFRAG_LENGTH = 4;
    public static final int MIN_PWD_LENGTH = 22;
    private static final int MAX_LENGTH = 256;

    /** Eight characters keep ufrag collisions between live transports unlikely, so routing by ufrag is cheap. */
    private static final int GENERATED_UFRAG_LENGTH = 8;
    private static final int GENERATED_PWD_LENGTH = 24;
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(pwd, "pwd");
        check("ice-ufrag", ufrag, MIN_UFRAG_LENGTH);
        check("ice-pwd", pwd, MIN_PWD_LENGTH);
    }

    /** Fresh local credentials; the password is the MESSAGE-INTEGRITY key, so it must come from a CSPRNG. */
    public static IceCredentials random(SecureRandom random) {
        return new IceCredentials(randomIceString(random, GENERATED_UFRAG_LENGTH),
                randomIceString(random, GENERATED_PWD_LENGTH));
    }

    private static String randomIceString(SecureRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(chars);
    }

    private static void check(String what, String value, int minLength) {
        if (value.length() < minLength || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " must be " + minLength + ".." + MAX_LENGTH
                    + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean iceChar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!iceChar) {
                throw new IllegalArgumentException(what + " contains a character outside ice-char");
            }
        }
    }

    /** The password is a key: keep it out of logs. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=<redacted>]";
    }
}
