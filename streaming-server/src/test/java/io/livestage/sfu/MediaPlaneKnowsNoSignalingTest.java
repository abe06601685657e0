package io.livestage.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module boundary of DESIGN.md: the SFU reaches signaling only through the server's adapter
 * ({@code io.livestage.server.media.SignalingMedia}), so no media class refers to a signaling type.
 */
class MediaPlaneKnowsNoSignalingTest {

    @Test
    void noMediaClassRefersToSignaling() throws Exception {
        List<ClassReferences> classes = ClassReferences.compiledUnder(Sfu.class, "io/livestage/sfu");
        assertTrue(classes.size() > 50, "found only " + classes.size() + " media classes");
        List<String> offenders = classes.stream()
                .filter(c -> c.types().stream().anyMatch(type -> type.startsWith("io/livestage/signaling/")))
                .map(ClassReferences::className).toList();
        assertEquals(List.of(), offenders, "media classes referring to signaling");
    }
}
