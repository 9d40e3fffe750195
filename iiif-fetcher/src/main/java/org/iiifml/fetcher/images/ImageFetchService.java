package org.iiifml.fetcher.images;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.iiifml.fetcher.documents.DocumentCache;
import org.iiifml.fetcher.documents.DocumentService;
import org.iiifml.fetcher.documents.DocumentsProperties;
import org.iiifml.support.outbound.FetchException;
import org.iiifml.support.outbound.SafeHttpClient;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.iiifml.iiif.image.ImageInfo;
import org.iiifml.iiif.image.ImageService;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.CanvasRegions;
import org.iiifml.iiif.presentation.ContentResource;
import org.iiifml.iiif.image.ImageInfoReader;
import org.iiifml.iiif.image.ImageRequest;
import org.iiifml.iiif.image.ImageRequests;
import org.iiifml.iiif.image.Region;
import org.iiifml.iiif.json.IiifException;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.support.memory.MemoryBudget;
import org.iiifml.support.problem.ProblemType;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Images of Image API services at the size a consumer needs: info.json (cached) tells what the server
 * allows, the library builds the request, and the image header is checked against the pixel cap before
 * anything is decoded. A level-0 server's image is cut here when a region was asked for.
 */
public final class ImageFetchService {

    private final DocumentCache documents;
    private final DocumentService manifests;
    private final SafeHttpClient http;
    private final ImageInfoReader infoReader;
    private final IiifJson json;
    private final DocumentsProperties documentLimits;
    private final ImagesProperties properties;
    private final MemoryBudget decodes;
    /** Turns to decode: CPU, as the budget is memory. Fair, so that a waiting decode is not overtaken. */
    private final java.util.concurrent.Semaphore decoding;
    /**
     * Parsed info.json by the cached document's bytes (compared by identity): the document cache hands out
     * the same array while its copy is good, so a page request costs no JSON parse; a refreshed document is
     * a new array and is parsed again. Weak keys: an entry goes when the cache drops its document.
     */
    private final Cache<byte[], ImageInfo> parsedInfo = Caffeine.newBuilder().weakKeys().build();

    public ImageFetchService(DocumentCache documents, DocumentService manifests, SafeHttpClient http, IiifJson json,
            DocumentsProperties documentLimits, ImagesProperties properties, MemoryBudget decodes) {
        this.documents = documents;
        this.decodes = decodes;
        this.decoding = new java.util.concurrent.Semaphore(properties.decodeConcurrency(), true);
        this.manifests = manifests;
        this.http = http;
        this.json = json;
        this.infoReader = new ImageInfoReader(json);
        this.documentLimits = documentLimits;
        this.properties = properties;
    }

    /** The info.json URL for a service id, or the URL itself when it already names an info.json. */
    public static String infoUrl(String service) {
        if (service.endsWith("/info.json")) {
            return service;
        }
        return (service.endsWith("/") ? service.substring(0, service.length() - 1) : service) + "/info.json";
    }

    public Mono<ImageInfo> info(String service) {
        String url = infoUrl(service);
        return documents.get(url, documentLimits.maxBytes().toBytes()).map(bytes -> parsedInfo.get(bytes, b -> {
            try {
                return infoReader.read(json.parse(b));
            } catch (IiifException e) {
                throw new FetchException(ProblemType.NOT_IIIF, "the image information at " + url + " cannot be read: " + e.getMessage());
            }
        }));
    }

    public Mono<FetchedImage> image(String service, Region region, int width, int height, boolean upscale, String format) {
        return info(service).flatMap(info -> image(info, region, width, height, upscale, format));
    }

    /**
     * The image a canvas paints (its first painted image), the region given in canvas pixels. Through the
     * image's service when it has one, else by downloading the image itself and scaling it here.
     */
    public Mono<FetchedImage> canvasImage(String manifestUrl, String canvasId, Region canvasRegion, int width, int height,
            boolean upscale, String format) {
        return manifests.manifest(manifestUrl).flatMap(manifest -> {
            Canvas canvas = manifest.canvases().stream().filter(c -> canvasId.equals(c.id())).findFirst()
                    .orElseThrow(() -> new FetchException(ProblemType.UNPROCESSABLE, "the manifest has no canvas " + canvasId));
            ContentResource body = canvas.firstImage()
                    .orElseThrow(() -> new FetchException(ProblemType.UNPROCESSABLE, "the canvas " + canvasId + " paints no image"));
            Optional<ImageService> service = body.preferredService();
            if (service.isPresent()) {
                return info(service.get().id()).flatMap(info -> image(info,
                        imageRegion(canvas, body, canvasRegion, info.width(), info.height()), width, height, upscale, format));
            }
            if (body.id() == null) {
                return Mono.error(new FetchException(ProblemType.UNPROCESSABLE, "the image of canvas " + canvasId + " has no id"));
            }
            return plain(body.id(), (w, h) -> imageRegion(canvas, body, canvasRegion, w, h), width, height, upscale, format);
        });
    }

    /** An image without a service, by its URL, the region in its own pixels (null: all of it). */
    public Mono<FetchedImage> plainImage(String url, Region region, int width, int height, boolean upscale, String format) {
        return plain(url, (w, h) -> region, width, height, upscale, format);
    }

    private Mono<FetchedImage> plain(String url, java.util.function.BiFunction<Integer, Integer, Region> region, int width, int height,
            boolean upscale, String format) {
        return http.get(url, properties.maxBytes().toBytes(), Map.of(HttpHeaders.ACCEPT, "image/*"))
                .publishOn(Schedulers.boundedElastic())
                .map(f -> plain(url, f.body(), f.contentType(), region, width, height, upscale, format));
    }

    /** A region of the canvas in pixels of the painted image (see {@link CanvasRegions#toImage}). */
    static Region imageRegion(Canvas canvas, ContentResource body, Region canvasRegion, int imageWidth, int imageHeight) {
        return CanvasRegions.toImage(canvas, body, canvasRegion, imageWidth, imageHeight);
    }

    private Mono<FetchedImage> image(ImageInfo info, Region region, int width, int height, boolean upscale, String format) {
        return Mono.defer(() -> {
            ImageRequest request;
            // jpg is the only format every level must serve; others only from level 2 or when the server lists them.
            String upstreamFormat = "jpg".equals(format) || info.service().effectiveLevel() >= 2 || info.formats().contains(format)
                    ? format : "jpg";
            int[] box = {width, height};
            try {
                request = ImageRequests.fit(info, region, width, height, upscale, upstreamFormat);
                int[] out = answerSize(request);
                // What is answered: the upstream answer, scaled down into the box when larger (a level-0 image).
                double fit = Math.min(1, Math.min((double) width / out[0], (double) height / out[1]));
                double answered = out[0] * fit * out[1] * fit;
                double over = answered / properties.maxOutputPixels();
                if (over > 1) {
                    // Past the output cap (an upscale, a large box): a smaller box of the same shape.
                    double side = fit / Math.sqrt(over);
                    box = new int[] {Math.max(1, (int) Math.floor(out[0] * side)), Math.max(1, (int) Math.floor(out[1] * side))};
                    request = ImageRequests.fit(info, region, box[0], box[1], upscale, upstreamFormat);
                }
            } catch (IllegalArgumentException e) {
                return Mono.error(new FetchException(ProblemType.BAD_REQUEST, e.getMessage()));
            }
            boolean transcode = !upstreamFormat.equals(format);
            ImageRequest asked = request;
            int[] fitIn = box;
            // Off the event loop: whether the answer must be decoded (cut, scaled, converted) shows only in its bytes.
            return http.get(request.url(), properties.maxBytes().toBytes(), Map.of(HttpHeaders.ACCEPT, "image/*"))
                    .publishOn(Schedulers.boundedElastic())
                    .map(f -> checked(asked, f.body(), f.contentType(), format, transcode, fitIn[0], fitIn[1]));
        });
    }

    /** An image without a service: checked, cut to the region, scaled to the box and encoded here. */
    private FetchedImage plain(String url, byte[] bytes, String contentType, java.util.function.BiFunction<Integer, Integer, Region> imageRegion,
            int width, int height, boolean upscale, String format) {
        if (contentType == null || !contentType.toLowerCase().startsWith("image/")) {
            throw new FetchException(ProblemType.NOT_IIIF, "the server answered " + url + " with "
                    + (contentType == null ? "no content type" : contentType) + ", not an image");
        }
        Header header = header(bytes, url);
        int[] size = {header.width(), header.height()};
        if ((long) size[0] * size[1] > properties.maxPixels()) {
            throw new FetchException(ProblemType.IMAGE_TOO_LARGE, "the image at " + url + " is " + size[0] + "×" + size[1]
                    + " pixels, more than the " + properties.maxPixels() + " this service decodes");
        }
        Region region = imageRegion.apply(size[0], size[1]);
        Region r = region == null ? new Region(0, 0, size[0], size[1]) : region.clampTo(size[0], size[1]);
        if (r == null) {
            throw new FetchException(ProblemType.BAD_REQUEST, "the region lies outside the image");
        }
        double scale = Math.min((double) width / r.width(), (double) height / r.height());
        if (!upscale) {
            scale = Math.min(scale, 1.0);
        }
        double area = r.width() * scale * r.height() * scale;
        if (area > properties.maxOutputPixels()) {
            scale *= Math.sqrt(properties.maxOutputPixels() / area);
        }
        int w = Math.max(1, (int) Math.round(r.width() * scale));
        int h = Math.max(1, (int) Math.round(r.height() * scale));
        return render(bytes, url, r, w, h, format);
    }

    /** Within the box, a pixel of rounding allowed (a server sizing "w," works out the height itself). */
    private static boolean fits(int width, int height, int boxWidth, int boxHeight) {
        return width <= boxWidth + 1 && height <= boxHeight + 1;
    }

    /** The size of what a request will answer: the region cut from a level-0 answer, or the answer itself. */
    private static int[] answerSize(ImageRequest request) {
        Region crop = request.cropAfterFetch();
        return crop == null ? new int[] {request.width(), request.height()} : new int[] {crop.width(), crop.height()};
    }

    private FetchedImage checked(ImageRequest request, byte[] bytes, String contentType, String format, boolean transcode,
            int boxWidth, int boxHeight) {
        if (contentType == null || !contentType.toLowerCase().startsWith("image/")) {
            throw new FetchException(ProblemType.NOT_IIIF, "the server answered " + request.url() + " with "
                    + (contentType == null ? "no content type" : contentType) + ", not an image");
        }
        Header header = header(bytes, request.url());
        if ((long) header.width() * header.height() > properties.maxPixels()) {
            throw new FetchException(ProblemType.IMAGE_TOO_LARGE, "the image at " + request.url() + " is " + header.width() + "×"
                    + header.height() + " pixels, more than the " + properties.maxPixels() + " this service decodes");
        }
        // The bytes decide what the answer is, never the server's Content-Type: passed on only when they are
        // the format asked for; anything else (PNG sent for jpg, GIF, BMP, TIFF) is converted. An answer
        // larger than the box (a level-0 server's listed size) is scaled down to it.
        boolean fits = fits(header.width(), header.height(), boxWidth, boxHeight);
        if (request.cropAfterFetch() == null && !transcode && fits && format.equals(header.format())) {
            return new FetchedImage(bytes, mediaType(format), header.width(), header.height(), request.url());
        }
        return cropAndEncode(bytes, header, request, format, boxWidth, boxHeight);
    }

    /** What the image bytes are: their format ({@code jpg}, {@code png}, or the reader's name) and size. */
    record Header(String format, int width, int height) {
    }

    /** JPEG data ends with FF D9, possibly followed by padding zeros some encoders add. */
    static boolean endsWithEoi(byte[] bytes) {
        int end = bytes.length;
        while (end > 2 && bytes[end - 1] == 0) {
            end--;
        }
        return end >= 2 && (bytes[end - 2] & 0xff) == 0xff && (bytes[end - 1] & 0xff) == 0xd9;
    }

    static String mediaType(String format) {
        return "png".equals(format) ? "image/png" : "image/jpeg";
    }

    /** A reader of the image's format, its input set (header only read so far); a problem for an unknown format. */
    private static ImageReader reader(ImageInputStream in, String url) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new FetchException(ProblemType.NOT_IIIF, "the image at " + url + " is in a format this service cannot read");
        }
        ImageReader reader = readers.next();
        reader.setInput(in, true, true);
        return reader;
    }

    /** Format, width and height from the image header alone, without decoding pixels. */
    static Header header(byte[] bytes, String url) {
        // In memory: ImageIO's default stream would spill to a temporary file for every image.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in, url);
            try {
                String name = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                String format = name.equals("jpeg") || name.equals("jpg") ? "jpg" : name;
                if (format.equals("jpg") && !endsWithEoi(bytes)) {
                    // A decoder fills a truncated JPEG with grey without complaint, and re-encoding it here would
                    // hide the damage from the model services' own check.
                    throw new FetchException(ProblemType.IMAGE_UNREADABLE, "the JPEG at " + url + " is truncated (no end-of-image marker)");
                }
                return new Header(format, reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new FetchException(ProblemType.NOT_IIIF, "the image at " + url + " is damaged: its header cannot be read");
        }
    }

    /**
     * Cuts the region a level-0 server could not (if any), scales it down to the box when it is larger, and
     * encodes in the format asked for.
     */
    private FetchedImage cropAndEncode(byte[] bytes, Header header, ImageRequest request, String format, int boxWidth, int boxHeight) {
        Region r = request.cropAfterFetch() == null ? new Region(0, 0, header.width(), header.height())
                : request.cropAfterFetch().clampTo(header.width(), header.height());
        if (r == null) {
            throw new FetchException(ProblemType.BAD_REQUEST, "the region lies outside the image");
        }
        int w = r.width();
        int h = r.height();
        if (!fits(w, h, boxWidth, boxHeight)) {
            double scale = Math.min((double) boxWidth / w, (double) boxHeight / h);
            w = Math.max(1, (int) Math.round(w * scale));
            h = Math.max(1, (int) Math.round(h * scale));
        }
        return render(bytes, request.url(), r, w, h, format);
    }

    /**
     * Decodes only the region, keeping every n-th pixel of every n-th row when the answer needs n times
     * fewer (so a 100-megapixel page asked at 640 never exists in memory at full size), then scales to
     * {@code width × height} and encodes. The memory this takes is worked out from the header and checked
     * against {@code suite.images.max-raster-bytes}, then held from the decode budget while it runs.
     */
    private FetchedImage render(byte[] bytes, String url, Region r, int width, int height, String format) {
        String writerFormat = "png".equals(format) ? "png" : "jpg";
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in, url);
            try {
                int step = Math.max(1, Math.min(r.width() / width, r.height() / height));
                long decoded = (long) ((r.width() + step - 1) / step) * ((r.height() + step - 1) / step);
                long memory = decoded * (bytesPerPixel(reader) + 4) + (long) width * height * 4;
                long cap = Math.min(properties.maxRasterBytes().toBytes(), decodes.capacity());
                if (memory > cap) {
                    throw new FetchException(ProblemType.IMAGE_TOO_LARGE, "decoding the image at " + url + " for this request would take "
                            + (memory >> 20) + " MB; at most " + (cap >> 20) + " MB are used (suite.images.max-raster-bytes)");
                }
                decoding.acquireUninterruptibly();
                try (MemoryBudget.Reservation held = decodes.reserve(memory)) {
                    javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
                    param.setSourceRegion(new java.awt.Rectangle(r.x(), r.y(), r.width(), r.height()));
                    param.setSourceSubsampling(step, step, 0, 0);
                    BufferedImage part = reader.read(0, param);
                    BufferedImage out = part;
                    // Drawn anew when scaled, or when the JPEG writer cannot take the decoded type (alpha, 16-bit).
                    boolean encodable = writerFormat.equals("png") || part.getType() == BufferedImage.TYPE_3BYTE_BGR
                            || part.getType() == BufferedImage.TYPE_INT_RGB || part.getType() == BufferedImage.TYPE_BYTE_GRAY;
                    if (part.getWidth() != width || part.getHeight() != height || !encodable) {
                        out = new BufferedImage(width, height, writerFormat.equals("png") ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
                        java.awt.Graphics2D g = out.createGraphics();
                        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                        g.drawImage(part, 0, 0, width, height, null);
                        g.dispose();
                    }
                    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
                    if (!ImageIO.write(out, writerFormat, encoded)) {
                        throw new FetchException(ProblemType.NOT_IIIF, "the image at " + url + " cannot be encoded as " + writerFormat);
                    }
                    return new FetchedImage(encoded.toByteArray(), mediaType(format), width, height, url);
                } finally {
                    decoding.release();
                    reader.dispose();
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof FetchException f) {
                    throw f;
                }
                throw new FetchException(ProblemType.NOT_IIIF, "the image at " + url + " cannot be decoded");
            }
        } catch (IOException e) {
            throw new FetchException(ProblemType.NOT_IIIF, "the image at " + url + " cannot be decoded");
        }
    }

    /** Bytes a decoded pixel takes, from the header's sample sizes (16-bit RGBA: 8); 4 when it cannot say. */
    static int bytesPerPixel(ImageReader reader) {
        try {
            javax.imageio.ImageTypeSpecifier raw = reader.getRawImageType(0);
            return raw == null ? 4 : Math.max(1, (java.util.Arrays.stream(raw.getSampleModel().getSampleSize()).sum() + 7) / 8);
        } catch (IOException | RuntimeException e) {
            return 4;
        }
    }
}
