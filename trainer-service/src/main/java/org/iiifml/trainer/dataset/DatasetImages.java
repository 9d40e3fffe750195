package org.iiifml.trainer.dataset;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.iiifml.inference.store.ModelStore;

/**
 * A dataset's images on disk at the training size, by the sha256 of their pixels as PNG: an image met again
 * (the same picture on two canvases, or after a restart) is kept once, and splits are decided by this hash,
 * so byte-identical images never land in two splits.
 */
public final class DatasetImages {

    private final Path directory;

    public DatasetImages(Path directory) {
        this.directory = directory;
    }

    /** The image's short side resized to {@code size}, then its centre cropped square; stored; answers its sha256. */
    public String put(BufferedImage image, int size) {
        BufferedImage square = square(image, size);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(square, "png", png);
            byte[] bytes = png.toByteArray();
            String sha256 = ModelStore.sha256(bytes);
            Path file = file(sha256);
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path partial = Files.createTempFile(file.getParent(), sha256, ".partial");
                Files.write(partial, bytes);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return sha256;
        } catch (IOException e) {
            throw new UncheckedIOException("the dataset image could not be stored in " + directory, e);
        }
    }

    /** The stored image's sRGB pixels, row by row. */
    public int[] get(String sha256, int size) {
        try {
            BufferedImage image = ImageIO.read(file(sha256).toFile());
            if (image == null || image.getWidth() != size || image.getHeight() != size) {
                throw new IllegalStateException("the dataset image " + sha256 + " is not a " + size + "×" + size + " PNG");
            }
            return image.getRGB(0, 0, size, size, null, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException("the dataset image " + sha256 + " could not be read", e);
        }
    }

    private Path file(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        return directory.resolve(sha256.substring(0, 2)).resolve(sha256 + ".png");
    }

    static BufferedImage square(BufferedImage image, int size) {
        double scale = (double) size / Math.min(image.getWidth(), image.getHeight());
        int w = Math.max(size, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(size, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, -(w - size) / 2, -(h - size) / 2, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
