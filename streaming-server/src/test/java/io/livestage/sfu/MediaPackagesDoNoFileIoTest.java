package io.livestage.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Media never touches disk or a log (DESIGN.md, "The media hot path"): no compiled class of the
 * media plane ({@code io.livestage.sfu} and every package below it) refers to a file-system API,
 * and none but the control plane's {@code Sfu} refers to a logging API or the console. Reading the
 * bytecode rather than the sources catches fully qualified names and inferred types alike.
 */
class MediaPackagesDoNoFileIoTest {

    /** Types through which bytes reach a file (internal names; a trailing slash is a package prefix). */
    private static final List<String> FILE_SYSTEM = List.of("java/io/File", "java/io/RandomAccessFile",
            "java/nio/file/", "java/nio/channels/FileChannel", "java/nio/channels/AsynchronousFileChannel",
            "java/nio/MappedByteBuffer", "java/util/logging/FileHandler", "io/netty/channel/DefaultFileRegion");
    private static final List<String> LOGGING = List.of("org/slf4j/", "java/util/logging/", "java/lang/System$Logger",
            "org/jitsi/utils/logging", "ch/qos/logback/", "org/apache/logging/", "org/apache/log4j/",
            "org/apache/commons/logging/");
    private static final Set<String> CONSOLE = Set.of("java/lang/System.out", "java/lang/System.err",
            "java/lang/Thread.dumpStack");
    /**
     * Logging references some classes need, each with why it carries no media: {@code Sfu} logs
     * the media port and transports opening and closing (control plane, ids and reasons only);
     * jitsi-srtp's context factory requires a logger, which {@code SrtpSession} hands it switched off.
     */
    private static final Map<String, List<String>> LOGGING_ALLOWED = Map.of(
            "io/livestage/sfu/Sfu", List.of("org/slf4j/", "java/util/logging/"),
            "io/livestage/sfu/srtp/SrtpSession", List.of("org/jitsi/utils/logging2/", "java/util/logging/Level"));
    private static final Set<String> MEDIA_PACKAGES = Set.of("io/livestage/sfu", "io/livestage/sfu/udp",
            "io/livestage/sfu/ice", "io/livestage/sfu/dtls", "io/livestage/sfu/srtp", "io/livestage/sfu/rtp",
            "io/livestage/sfu/rtcp", "io/livestage/sfu/sdp", "io/livestage/sfu/transport", "io/livestage/sfu/metrics");

    @Test
    void noMediaClassReachesAFileALogOrTheConsole() throws Exception {
        List<ClassReferences> classes = mediaClasses();
        Set<String> packages = new TreeSet<>();
        List<String> violations = new ArrayList<>();
        for (ClassReferences refs : classes) {
            packages.add(refs.className().substring(0, refs.className().lastIndexOf('/')));
            violations.addAll(violations(refs));
        }
        assertTrue(packages.containsAll(MEDIA_PACKAGES), "scanned only " + packages);
        assertTrue(classes.size() > 100, "scanned only " + classes.size() + " classes");
        assertEquals(List.of(), violations);
    }

    @Test
    void theScanSeesFileIoLoggingAndConsoleWhereTheyAre() throws IOException {
        // The test's class-file reader reads through java.nio.file and is not the Sfu.
        List<String> found = violations(ClassReferences.read(classFile(ClassReferences.class)));
        assertTrue(found.stream().anyMatch(v -> v.contains("java/nio/file/Files")), found.toString());
        List<String> sample = violations(ClassReferences.read(classFile(Offender.class)));
        assertTrue(sample.stream().anyMatch(v -> v.contains("java/io/FileOutputStream")), sample.toString());
        assertTrue(sample.stream().anyMatch(v -> v.contains("java/lang/System.err")), sample.toString());
        assertTrue(sample.stream().anyMatch(v -> v.contains("java/util/logging/Logger")), sample.toString());
    }

    /** What the scan must catch, written the ways that hide a type from a source search. */
    private static final class Offender {
        static void dump(byte[] packet) throws IOException {
            try (var out = new java.io.FileOutputStream("packet.bin")) {
                out.write(packet);
            }
            System.err.println(packet.length);
            java.util.logging.Logger.getAnonymousLogger().fine("packet");
        }
    }

    private static List<String> violations(ClassReferences refs) {
        String owner = refs.className();
        String outer = owner.contains("$") ? owner.substring(0, owner.indexOf('$')) : owner;
        List<String> allowed = LOGGING_ALLOWED.getOrDefault(outer, List.of());
        List<String> found = new ArrayList<>();
        for (String type : refs.types()) {
            if (matches(type, FILE_SYSTEM)) {
                found.add(owner + " uses file-system type " + type);
            } else if (matches(type, LOGGING) && !matches(type, allowed)) {
                found.add(owner + " uses logging type " + type);
            }
        }
        for (String member : refs.members()) {
            if (CONSOLE.contains(member) || member.endsWith(".printStackTrace")) {
                found.add(owner + " writes to the console through " + member);
            }
        }
        return found;
    }

    /**
     * A trailing slash names a package and everything below it; {@code java/io/File} stands for
     * its family (FileInputStream, FileWriter, FileDescriptor...); any other name is that type
     * and its nested types.
     */
    private static boolean matches(String type, List<String> names) {
        for (String name : names) {
            boolean hit = name.endsWith("/") || name.equals("java/io/File")
                    ? type.startsWith(name)
                    : type.equals(name) || type.startsWith(name + "$");
            if (hit) {
                return true;
            }
        }
        return false;
    }

    /** Every class compiled from the media packages, read from the build's output directory. */
    private static List<ClassReferences> mediaClasses() throws IOException, URISyntaxException {
        return ClassReferences.compiledUnder(Sfu.class, "io/livestage/sfu");
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        String name = type.getName().substring(type.getPackageName().length() + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
