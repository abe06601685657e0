package io.livestage.sfu.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link MediaDirection#fromAttribute} with its length check (fifth fuzzing round) says what comparing every name says. */
class MediaDirectionTest {

    @Test
    void namesAndNearMisses() {
        String[] names = {"sendrecv", "sendonly", "recvonly", "inactive", "sendrecv ", " sendonly", "SENDONLY", "send",
            "rtcp-mux", "inactiv", "inactivee", "", "recvonlY", "extmap"};
        for (String name : names) {
            assertEquals(byComparison(name), MediaDirection.fromAttribute(name), name);
        }
        assertEquals(null, MediaDirection.fromAttribute(null));
    }

    @Test
    void sameAsComparingEveryNameOnRandomText() {
        Random random = new Random(13);
        char[] alphabet = "sendrcvoliat ".toCharArray();
        MediaDirection[] all = MediaDirection.values();
        for (int i = 0; i < 200_000; i++) {
            String text;
            if (random.nextInt(4) == 0) {
                // a direction with one letter changed, added or dropped
                char[] name = all[random.nextInt(all.length)].attribute().toCharArray();
                name[random.nextInt(name.length)] = alphabet[random.nextInt(alphabet.length)];
                text = new String(name);
                text = switch (random.nextInt(3)) {
                    case 0 -> text;
                    case 1 -> text.substring(1);
                    default -> text + alphabet[random.nextInt(alphabet.length)];
                };
            } else {
                char[] chars = new char[random.nextInt(10)];
                for (int j = 0; j < chars.length; j++) {
                    chars[j] = alphabet[random.nextInt(alphabet.length)];
                }
                text = new String(chars);
            }
            assertEquals(byComparison(text), MediaDirection.fromAttribute(text), text);
        }
    }

    private static MediaDirection byComparison(String name) {
        for (MediaDirection direction : MediaDirection.values()) {
            if (direction.attribute().equals(name)) {
                return direction;
            }
        }
        return null;
    }
}
