package io.livestage.sfu;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a compiled class refers to, read from its constant pool (JVMS 4.4): every class it names
 * and every type in its descriptors (internal form, {@code java/io/File}), and every field and
 * method it uses as {@code owner.name}. A reference is the only way bytecode can reach an API, so
 * this sees what the source's imports, fully qualified names and {@code var}s all hide alike.
 */
record ClassReferences(String className, Set<String> types, Set<String> members) {

    private static final int MAGIC = 0xCAFEBABE;

    /** Every class compiled under {@code packagePath}, from the output directory that holds {@code anchor}. */
    static List<ClassReferences> compiledUnder(Class<?> anchor, String packagePath) throws IOException,
            URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<ClassReferences> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve(packagePath))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes.add(read(Files.readAllBytes(file)));
            }
        }
        return classes;
    }

    static ClassReferences read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] first = new int[count];
        int[] second = new int[count];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // Longs and doubles take two slots.
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        in.readUnsignedShort();
        String self = utf8[first[in.readUnsignedShort()]];
        Set<String> types = new TreeSet<>();
        Set<String> members = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            switch (tags[i]) {
                case 7 -> {
                    String name = utf8[first[i]];
                    types.addAll(name.startsWith("[") ? typesIn(name) : List.of(name));
                }
                case 12, 16 -> types.addAll(typesIn(utf8[tags[i] == 12 ? second[i] : first[i]]));
                case 9, 10, 11 -> {
                    String owner = utf8[first[first[i]]];
                    String name = utf8[first[second[i]]];
                    members.add(owner + "." + name);
                }
                default -> {
                    // Strings, numbers and handles name nothing a Class or NameAndType entry does not.
                }
            }
        }
        return new ClassReferences(self, types, members);
    }

    /** The class types in a field or method descriptor; primitive codes never contain an {@code L}. */
    static List<String> typesIn(String descriptor) {
        List<String> found = new ArrayList<>();
        int at = descriptor.indexOf('L');
        while (at >= 0) {
            int end = descriptor.indexOf(';', at);
            if (end < 0) {
                break;
            }
            found.add(descriptor.substring(at + 1, end));
            at = descriptor.indexOf('L', end);
        }
        return found;
    }
}
