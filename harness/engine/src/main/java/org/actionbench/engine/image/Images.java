package org.actionbench.engine.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Conversions between 8-bit RGB images and the float tensors the networks read, with diffusers' conventions:
 * the VAE sees {@code [B, 3, H, W]} in [−1, 1] (pixel / 255 · 2 − 1), a ControlNet conditioning image in [0, 1]
 * (pixel / 255), and decoded tensors become pixels as diffusers' {@code numpy_to_pil} makes them:
 * {@code round((x / 2 + 0.5).clamp(0, 1) · 255)} in float32, rounding half to even as numpy does.
 */
public final class Images {
    private Images() {
    }

    /** RGB images of one size → {@code [B, 3, H, W]} in [−1, 1], for the VAE encoder. */
    public static NDArray toSignedTensor(NDManager manager, List<BufferedImage> images) {
        return toTensor(manager, images, true);
    }

    /** RGB images of one size → {@code [B, 3, H, W]} in [0, 1], as a ControlNet reads its conditioning image. */
    public static NDArray toUnitTensor(NDManager manager, List<BufferedImage> images) {
        return toTensor(manager, images, false);
    }

    /** {@code [B, 3, H, W]} in [−1, 1] (a VAE decoder's output) → B RGB images. */
    public static List<BufferedImage> fromSignedTensor(NDArray tensor) {
        Shape s = tensor.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("expected an image tensor [B, 3, H, W], got " + s);
        }
        int b = (int) s.get(0);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        float[] v = tensor.toType(DataType.FLOAT32, false).toFloatArray();
        int plane = h * w;
        List<BufferedImage> out = new ArrayList<>(b);
        for (int n = 0; n < b; n++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int base = n * 3 * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    int r = toByte(v[base + i]);
                    int g = toByte(v[base + plane + i]);
                    int bl = toByte(v[base + 2 * plane + i]);
                    img.setRGB(x, y, (r << 16) | (g << 8) | bl);
                }
            }
            out.add(img);
        }
        return out;
    }

    /**
     * One value in [−1, 1] → a byte, in float32 step by step as diffusers computes it (torch: x / 2 + 0.5,
     * clamp; numpy: · 255, round half to even), so the same tensor gives the same bytes as a diffusers pipeline.
     */
    static int toByte(float x) {
        float v = x / 2f + 0.5f;
        if (!(v >= 0f)) { // NaN included: numpy's uint8 cast of NaN is undefined, black is deterministic
            v = 0f;
        } else if (v > 1f) {
            v = 1f;
        }
        float scaled = v * 255f;
        return (int) Math.rint(scaled);
    }

    /** Reads an image file (PNG, JPEG…) as RGB; alpha is dropped as PIL's {@code convert("RGB")} drops it. */
    public static BufferedImage read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("not a readable image: " + file);
        }
        return img;
    }

    /** Writes a PNG atomically (temporary file in the same folder, then a rename). */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available for " + file);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The largest absolute difference of one 8-bit red, green or blue value between two images of the same size
     * (0 when identical, 1 when they differ by at most one rounding step of the 8-bit output).
     */
    public static int maxChannelDifference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("images of different sizes: " + a.getWidth() + "x" + a.getHeight()
                    + " and " + b.getWidth() + "x" + b.getHeight());
        }
        int[][] pa = rgbPlanes(a);
        int[][] pb = rgbPlanes(b);
        int max = 0;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < pa[c].length; i++) {
                max = Math.max(max, Math.abs(pa[c][i] - pb[c][i]));
            }
        }
        return max;
    }

    /** The image's 8-bit red, green and blue values, planar and row-major: {@code [3][H·W]}. */
    public static int[][] rgbPlanes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[][] planes = new int[3][w * h];
        Raster raster = image.getRaster();
        boolean direct = image.getColorModel() instanceof ComponentColorModel cm
                && raster.getNumBands() >= 1 && raster.getNumBands() <= 4
                && allBits(cm.getComponentSize(), 8)
                && (cm.getColorSpace().isCS_sRGB() || cm.getNumColorComponents() == 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (direct) {
                    // Raw samples: getRGB would pass grey images through a colour conversion that changes
                    // their values, where PIL copies the grey level into R, G and B.
                    if (image.getColorModel().getNumColorComponents() == 1) {
                        int g = raster.getSample(x, y, 0);
                        planes[0][i] = g;
                        planes[1][i] = g;
                        planes[2][i] = g;
                    } else {
                        planes[0][i] = raster.getSample(x, y, 0);
                        planes[1][i] = raster.getSample(x, y, 1);
                        planes[2][i] = raster.getSample(x, y, 2);
                    }
                } else {
                    int rgb = image.getRGB(x, y);
                    planes[0][i] = (rgb >> 16) & 0xFF;
                    planes[1][i] = (rgb >> 8) & 0xFF;
                    planes[2][i] = rgb & 0xFF;
                }
            }
        }
        return planes;
    }

    private static boolean allBits(int[] sizes, int bits) {
        for (int s : sizes) {
            if (s != bits) {
                return false;
            }
        }
        return true;
    }

    private static NDArray toTensor(NDManager manager, List<BufferedImage> images, boolean signed) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images given");
        }
        int w = images.get(0).getWidth();
        int h = images.get(0).getHeight();
        int plane = w * h;
        float[] values = new float[images.size() * 3 * plane];
        for (int n = 0; n < images.size(); n++) {
            BufferedImage img = images.get(n);
            if (img.getWidth() != w || img.getHeight() != h) {
                throw new IllegalArgumentException("image " + n + " is " + img.getWidth() + "x" + img.getHeight()
                        + ", image 0 is " + w + "x" + h + ": a batch needs one size");
            }
            int[][] rgb = rgbPlanes(img);
            for (int c = 0; c < 3; c++) {
                int base = (n * 3 + c) * plane;
                for (int i = 0; i < plane; i++) {
                    float unit = rgb[c][i] / 255f;
                    values[base + i] = signed ? unit * 2f - 1f : unit;
                }
            }
        }
        return manager.create(values, new Shape(images.size(), 3, h, w));
    }
}
