package org.iiifml.colorizer.colorize;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.iiifml.canvasjobs.images.InferenceProblems;
import org.iiifml.colorizer.config.ColorizerProperties;
import org.iiifml.colorizer.models.LoadedColorizer;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.runtime.Admission;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Colourises encoded images: decoded (through the service's one decoder and its memory budget), admitted
 * ({@code concurrent-colorizations} at once, {@code queue-capacity} waiting, then 429), colourised at full
 * size, optionally marked, and encoded with the XMP that says it is machine-made.
 */
public final class ColorizeService {

    /** A colourised image as encoded bytes, and what made it. */
    public record Colourised(byte[] bytes, String mediaType, ModelDescriptor model, int width, int height) {
    }

    /** What a request asks for beyond its image: each may be null for the default. */
    public record Request(String model, Integer renderFactor, Boolean mark, Float quality, boolean png, String sourceUrl) {
    }

    static final String NO_MODEL = "no colourisation model is installed. Import one with `java -jar colorizer-service.jar import-model"
            + " <model.json> <model.onnx> <sha256>` into the model store (docs/models.md lists the contracts and the published"
            + " models they fit); the suite ships no colourisation weights, and the trainer service will publish its own";

    private final ModelRegistry<LoadedColorizer> registry;
    private final ImageDecoder decoder;
    private final ColorizerProperties properties;
    private final Admission admission;

    public ColorizeService(ModelRegistry<LoadedColorizer> registry, ImageDecoder decoder, ColorizerProperties properties, Admission admission) {
        this.registry = registry;
        this.decoder = decoder;
        this.properties = properties;
        this.admission = admission;
    }

    /** The model a request names, or the default; with none installed, a 503 problem that says how to get one. */
    public ModelRegistry.Loaded<LoadedColorizer> model(String ref) {
        if (registry.list().isEmpty()) {
            throw new ProblemException(ProblemType.NO_MODEL, NO_MODEL);
        }
        return registry.resolve(ref);
    }

    /** Colourises an upload, off the event loop; refused with 429 when too many wait. */
    public Mono<Colourised> colorize(byte[] image, Request request) {
        ModelRegistry.Loaded<LoadedColorizer> model = model(request.model());
        Integer renderFactor = renderFactor(request.renderFactor());
        float quality = quality(request.quality());
        return Mono.fromCallable(() -> {
            try (Admission.Permit permit = InferenceProblems.enter(admission)) {
                return colorize(decode(image), model.model(), renderFactor, request, quality);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Colourised colorize(BufferedImage decoded, LoadedColorizer model, Integer renderFactor, Request request, float quality) {
        int width = decoded.getWidth();
        int height = decoded.getHeight();
        if ((long) width * height > properties.maxOutputPixels()) {
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, "the image is " + width + " × " + height + " pixels; a colourised"
                    + " image keeps its input's size, and at most " + properties.maxOutputPixels() + " pixels are colourised"
                    + " (suite.colorizer.max-output-pixels)");
        }
        int[] out = Colorizer.colorize(Colorizer.pixels(decoded), width, height, model, renderFactor);
        BufferedImage result = Colorizer.image(out, width, height);
        if (request.mark() == null ? properties.markByDefault() : request.mark()) {
            MachineMade.drawMark(result);
        }
        String xmp = MachineMade.xmp(model.descriptor(), request.sourceUrl());
        byte[] bytes = request.png() ? MachineMade.intoPng(png(result), xmp) : MachineMade.intoJpeg(jpeg(result, quality), xmp);
        return new Colourised(bytes, request.png() ? "image/png" : "image/jpeg", model.descriptor(), width, height);
    }

    private BufferedImage decode(byte[] image) {
        return InferenceProblems.decode(decoder, image, 0).image();
    }

    /**
     * Colourises a job's canvas, blocking: the item waits its turn instead of being refused. The XMP names
     * {@code sourceUrl}, the IIIF request the original came from.
     */
    public Colourised colorizeNow(BufferedImage image, LoadedColorizer model, Integer renderFactor, boolean mark, String sourceUrl) {
        try (Admission.Permit permit = admission.await()) {
            return colorize(image, model, renderFactor, new Request(null, renderFactor, mark, null, false, sourceUrl), properties.jpegQuality());
        }
    }

    public boolean markByDefault() {
        return properties.markByDefault();
    }

    /** A render factor as asked (null: the model's), or a 400 problem outside 4–64. */
    public static Integer renderFactor(Integer renderFactor) {
        if (renderFactor != null && (renderFactor < 4 || renderFactor > 64)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "renderFactor must be between 4 and 64");
        }
        return renderFactor;
    }

    private float quality(Float quality) {
        if (quality == null) {
            return properties.jpegQuality();
        }
        if (quality.isNaN() || quality < 0.1f || quality > 1f) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "quality must be between 0.1 and 1");
        }
        return quality;
    }

    /** JPEG at the quality given (0.1–1). */
    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    public static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
