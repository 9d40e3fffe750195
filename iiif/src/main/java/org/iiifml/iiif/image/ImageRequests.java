package org.iiifml.iiif.image;

import java.util.Comparator;
import java.util.Locale;

/**
 * Builds Image API request URLs in each version's syntax, for the size a consumer needs, clamped to what
 * the server allows: never larger than the region unless upscaling is asked for (and then {@code ^} only in
 * version 3), within {@code maxWidth}/{@code maxHeight}/{@code maxArea}, and for a level-0 service only the
 * sizes it lists (the region is then cut by the caller from the returned image).
 */
public final class ImageRequests {

    private ImageRequests() {
    }

    /**
     * The region (null: the whole image) scaled to fit within {@code boxWidth × boxHeight}, keeping its
     * aspect ratio, never enlarged unless {@code upscale}.
     */
    public static ImageRequest fit(ImageInfo info, Region region, int boxWidth, int boxHeight, boolean upscale, String format) {
        if (boxWidth <= 0 || boxHeight <= 0) {
            throw new IllegalArgumentException("the box must be positive");
        }
        Region r = resolve(info, region);
        double scale = Math.min((double) boxWidth / r.width(), (double) boxHeight / r.height());
        if (!upscale) {
            scale = Math.min(scale, 1.0);
        }
        return scaled(info, r, scale, format);
    }

    /** The region (null: the whole image) at full resolution, or as large as the server allows. */
    public static ImageRequest fullResolution(ImageInfo info, Region region, String format) {
        return scaled(info, resolve(info, region), 1.0, format);
    }

    private static Region resolve(ImageInfo info, Region region) {
        Region r = region == null ? new Region(0, 0, info.width(), info.height()) : region.clampTo(info.width(), info.height());
        if (r == null) {
            throw new IllegalArgumentException("the region " + region.xywh() + " lies outside the "
                    + info.width() + "×" + info.height() + " image");
        }
        return r;
    }

    private static ImageRequest scaled(ImageInfo info, Region r, double scale, String format) {
        if (info.service().effectiveLevel() == 0) {
            return levelZero(info, r, scale, format);
        }
        int w = Math.max(1, (int) Math.round(r.width() * scale));
        int h = Math.max(1, (int) Math.round(r.height() * scale));
        // Server limits: shrink (never stretch) until the request fits all of them.
        double limit = 1.0;
        if (info.maxWidth() != null && w > info.maxWidth()) {
            limit = Math.min(limit, (double) info.maxWidth() / w);
        }
        if (info.maxHeight() != null && h > info.maxHeight()) {
            limit = Math.min(limit, (double) info.maxHeight() / h);
        }
        if (info.maxArea() != null && (long) w * h > info.maxArea()) {
            limit = Math.min(limit, Math.sqrt((double) info.maxArea() / ((long) w * h)));
        }
        if (limit < 1.0) {
            w = Math.max(1, (int) Math.floor(w * limit));
            h = Math.max(1, (int) Math.floor(h * limit));
            // Rounding must not carry the request back over a limit.
            while (info.maxArea() != null && (long) w * h > info.maxArea() && w > 1) {
                w--;
                h = Math.max(1, (int) Math.floor((double) r.height() * w / r.width()));
            }
        }
        boolean whole = r.covers(info.width(), info.height());
        String regionToken = whole ? "full" : r.xywh();
        String sizeToken;
        ImageApiVersion v = info.version();
        if (w == r.width() && h == r.height()) {
            sizeToken = v == ImageApiVersion.V3 ? "max" : "full";
        } else if (w > r.width() && v == ImageApiVersion.V3) {
            sizeToken = "^" + w + ",";
        } else {
            sizeToken = w + ",";
            h = Math.max(1, (int) Math.round((double) r.height() * w / r.width()));
        }
        return new ImageRequest(url(info.service(), regionToken, sizeToken, 0, defaultQuality(v), format), w, h, null);
    }

    /** A level-0 server serves the full image at its listed sizes only: take the smallest that is large enough. */
    private static ImageRequest levelZero(ImageInfo info, Region r, double scale, String format) {
        int needW = (int) Math.ceil(info.width() * scale);
        int needH = (int) Math.ceil(info.height() * scale);
        Size chosen = info.sizes().stream()
                .filter(s -> s.width() >= needW && s.height() >= needH)
                .min(Comparator.comparingLong(Size::area))
                .orElseGet(() -> info.sizes().stream().max(Comparator.comparingLong(Size::area))
                        .orElse(new Size(info.width(), info.height())));
        ImageApiVersion v = info.version();
        String sizeToken;
        if (chosen.width() == info.width() && chosen.height() == info.height()) {
            sizeToken = v == ImageApiVersion.V3 ? "max" : "full";
        } else {
            // Listed sizes are requested as w,h in version 3 and as w, before it.
            sizeToken = v == ImageApiVersion.V3 ? chosen.width() + "," + chosen.height() : chosen.width() + ",";
        }
        String url = url(info.service(), "full", sizeToken, 0, defaultQuality(v), format);
        Region crop = null;
        if (!r.covers(info.width(), info.height())) {
            double sx = (double) chosen.width() / info.width();
            double sy = (double) chosen.height() / info.height();
            crop = new Region((int) Math.floor(r.x() * sx), (int) Math.floor(r.y() * sy),
                    Math.max(1, (int) Math.round(r.width() * sx)), Math.max(1, (int) Math.round(r.height() * sy)))
                    .clampTo(chosen.width(), chosen.height());
        }
        return new ImageRequest(url, chosen.width(), chosen.height(), crop);
    }

    /** {@code native} before 2.0, {@code default} since. */
    public static String defaultQuality(ImageApiVersion version) {
        return version.isV1() ? "native" : "default";
    }

    /**
     * A request URL from its parameters, appended to the service id as written (an id ending in a query
     * string, as iipsrv's do, gets the parameters after it; one trailing slash is dropped).
     */
    public static String url(ImageService service, String region, String size, int rotation, String quality, String format) {
        String base = service.id().endsWith("/") ? service.id().substring(0, service.id().length() - 1) : service.id();
        return base + "/" + region + "/" + size + "/" + rotation + "/" + quality + "." + format.toLowerCase(Locale.ROOT);
    }

    /** The info.json URL of a service. */
    public static String infoUrl(ImageService service) {
        String base = service.id().endsWith("/") ? service.id().substring(0, service.id().length() - 1) : service.id();
        return base + "/info.json";
    }
}
