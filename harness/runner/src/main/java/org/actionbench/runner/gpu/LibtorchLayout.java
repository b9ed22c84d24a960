package org.actionbench.runner.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.actionbench.data.io.AtomicFiles;

/**
 * Lays out a libtorch directory for {@code ACTIONBENCH_LIBTORCH=DIR} from DJL's two Maven artifacts: a native
 * jar ({@code pytorch-native-FLAVOR}) and the JNI jar ({@code pytorch-jni}) built for the same libtorch version.
 *
 * <pre>
 * DIR/libtorch.properties    version, flavor, classifier, jni (written last: the launcher refuses a directory without it)
 * DIR/lib/                   libtorch's shared libraries   → PYTORCH_LIBRARY_PATH, -Djna.library.path
 * DIR/cache/pytorch/VERSION-FLAVOR-CLASSIFIER/DJLVERSION-libdjl_torch.so  → ENGINE_CACHE_DIR
 * </pre>
 *
 * DJL 0.36 looks for the JNI library in its engine cache under that name before comparing the JNI jar's version
 * with its own, and would download on a mismatch; placing the file there is what lets an older JNI (2.5.1-0.33.0
 * for the cu124 libtorch) load offline.
 */
public final class LibtorchLayout {
    public static final String PROPERTIES = "libtorch.properties";
    private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
    private static final String JNI_PROPERTIES = "jnilib/pytorch.properties";
    private static final String JNI_LIB = "libdjl_torch.so";
    /** DJL's version strings: 2.7.1, 2.7.1-20250812 (a build date) → 2.7.1. */
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:-\\d+)?");

    private LibtorchLayout() {
    }

    /** What a laid-out directory holds. */
    public record Prepared(String version, String flavor, String classifier, String jniVersion) {
    }

    /**
     * Writes {@code dir} (absent or empty; it appears whole or not at all) from the two jars; {@code djlVersion} is
     * the DJL engine version that will load it (its JNI file name carries it).
     */
    public static Prepared layOut(Path nativeJar, Path jniJar, Path dir, String djlVersion) throws IOException {
        AtomicFiles.requireFreshDirectory(dir);
        try (ZipFile nat = open(nativeJar, "native"); ZipFile jni = open(jniJar, "JNI")) {
            Properties np = properties(nat, nativeJar, NATIVE_PROPERTIES);
            String version = required(np, "version", nativeJar);
            String flavor = required(np, "flavor", nativeJar);
            String classifier = required(np, "classifier", nativeJar);
            Matcher v = VERSION.matcher(version);
            if (!v.matches()) {
                throw new IOException(nativeJar + ": " + NATIVE_PROPERTIES + ": unexpected version '" + version + "'");
            }
            String plainVersion = v.group(1);
            String jniVersion = required(properties(jni, jniJar, JNI_PROPERTIES), "jni_version", jniJar);
            if (!jniVersion.startsWith(plainVersion + "-")) {
                throw new IOException(jniJar + " is the JNI for libtorch " + jniVersion + " but " + nativeJar
                        + " holds libtorch " + plainVersion + ": they must match exactly (a mismatched pair crashes"
                        + " the JVM)");
            }
            String jniEntry = "jnilib/" + classifier + "/" + flavor + "/" + JNI_LIB;
            ZipEntry jniLib = jni.getEntry(jniEntry);
            if (jniLib == null) {
                throw new IOException(jniJar + " has no " + jniEntry + " (no JNI build for flavor " + flavor + ")");
            }
            List<ZipEntry> libraries = new ArrayList<>();
            for (String name : required(np, "libraries", nativeJar).split(",")) {
                libraries.add(entry(nat, nativeJar, name.trim(), flavor, classifier));
            }
            AtomicFiles.<IOException>writeDirectory(dir, tmp -> {
                Path lib = Files.createDirectories(tmp.resolve("lib"));
                for (ZipEntry e : libraries) {
                    copy(nat, e, lib.resolve(fileName(e)));
                }
                cudaRuntimeLink(lib);
                Path jniDir = Files.createDirectories(tmp.resolve("cache").resolve("pytorch")
                        .resolve(plainVersion + "-" + flavor + "-" + classifier));
                copy(jni, jniLib, jniDir.resolve(djlVersion + "-" + JNI_LIB));
                Files.writeString(tmp.resolve(PROPERTIES), "# written by actionbench gpu prepare\nversion="
                        + plainVersion + "\nflavor=" + flavor + "\nclassifier=" + classifier + "\njni=" + jniVersion
                        + "\nnative_jar=" + nativeJar.getFileName() + "\njni_jar=" + jniJar.getFileName() + "\n");
            });
            return new Prepared(plainVersion, flavor, classifier, jniVersion);
        }
    }

    /**
     * DJL finds a GPU by JNA loading "cudart" from jna.library.path, which matches libcudart.so or
     * libcudart.so.N but not the hash-suffixed copy PyTorch's wheels and DJL's CUDA jars ship
     * (libcudart-HASH.so.12), so a plain name is linked to it.
     */
    private static void cudaRuntimeLink(Path lib) throws IOException {
        if (Files.exists(lib.resolve("libcudart.so"))) {
            return;
        }
        try (var files = Files.list(lib)) {
            Path cudart = files.filter(p -> p.getFileName().toString().startsWith("libcudart")).sorted().findFirst()
                    .orElse(null);
            if (cudart != null) {
                Files.createSymbolicLink(lib.resolve("libcudart.so"), cudart.getFileName());
            }
        }
    }

    /** A library in the native jar: under native/lib/ (older DJL jars) or pytorch/FLAVOR/CLASSIFIER/. */
    private static ZipEntry entry(ZipFile jar, Path path, String name, String flavor, String classifier)
            throws IOException {
        for (String prefix : List.of("native/lib/", "pytorch/" + flavor + "/" + classifier + "/")) {
            ZipEntry e = jar.getEntry(prefix + name);
            if (e != null) {
                return e;
            }
        }
        throw new IOException(path + ": library " + name + " listed in " + NATIVE_PROPERTIES + " is not in the jar");
    }

    private static String fileName(ZipEntry e) {
        String n = e.getName();
        return n.substring(n.lastIndexOf('/') + 1);
    }

    private static void copy(ZipFile jar, ZipEntry e, Path target) throws IOException {
        try (InputStream in = jar.getInputStream(e)) {
            Files.copy(in, target);
        }
    }

    private static ZipFile open(Path jar, String what) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + ": no such " + what + " jar");
        }
        return new ZipFile(jar.toFile());
    }

    private static Properties properties(ZipFile jar, Path path, String name) throws IOException {
        ZipEntry e = jar.getEntry(name);
        if (e == null) {
            throw new IOException(path + " has no " + name + " (not a DJL PyTorch jar?)");
        }
        Properties p = new Properties();
        try (InputStream in = jar.getInputStream(e)) {
            p.load(in);
        }
        return p;
    }

    private static String required(Properties p, String key, Path jar) throws IOException {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IOException(jar + ": pytorch.properties has no " + key);
        }
        return v.trim();
    }
}
