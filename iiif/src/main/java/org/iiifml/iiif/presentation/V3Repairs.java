package org.iiifml.iiif.presentation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iiifml.iiif.image.ImageApiVersion;
import org.iiifml.iiif.image.ImageService;

/**
 * What {@link PresentationWriter#toV3} changes in a model so that the document it writes is valid
 * Presentation 3, where the source (often v2) allows it without inventing data. Each change is named in
 * {@link Repaired#notes}, so that a service can tell its client what it changed.
 *
 * <ul>
 * <li>Image services get the type of their version ({@code ImageService2} and so on, v3 §5.7) when the
 * source gave none: v3 tells older services apart by it.</li>
 * <li>{@code rights} must be a Creative Commons or RightsStatements.org URI in its canonical {@code http}
 * form. Other spellings of those (https, {@code www.}, the RightsStatements.org {@code page/} URL) are
 * canonicalised; any other value is moved into {@code metadata} under the label "Rights", kept as
 * written.</li>
 * <li>A canvas without a usable width and height, painted by one image whose size the document states,
 * takes that size (v3 requires a canvas's extent; the image is the extent v2 viewers use).</li>
 * <li>Given the URL a manifest was read from, a relative id of the manifest is resolved against it.</li>
 * </ul>
 */
public final class V3Repairs {

    /** A repaired model and what was changed, in sentences; no notes when nothing was. */
    public record Repaired<T>(T value, List<String> notes) {

        public Repaired {
            notes = List.copyOf(notes);
        }
    }

    public static final LanguageMap RIGHTS_LABEL = LanguageMap.of("en", "Rights");

    private static final Pattern CREATIVE_COMMONS = Pattern.compile(
            "^(?i:https?)://(?i:www\\.)?creativecommons\\.org/((?:licenses|publicdomain)/.+)$");
    private static final Pattern RIGHTS_STATEMENTS = Pattern.compile(
            "^(?i:https?)://(?i:www\\.)?rightsstatements\\.org/(?:vocab|page)/(.+)$");

    private V3Repairs() {
    }

    public static Repaired<Manifest> manifest(Manifest manifest) {
        return manifest(manifest, null);
    }

    /**
     * As {@link #manifest(Manifest)}, and where the manifest's own id is relative (a publisher's
     * {@code "@id": "manifest.json"}), resolved against {@code publishedAt}, the URL it was read from, as
     * JSON-LD resolves relative ids against the document's base. Null: the id stays as written.
     */
    public static Repaired<Manifest> manifest(Manifest manifest, URI publishedAt) {
        List<String> notes = new ArrayList<>();
        String id = manifest.id();
        String resolved = resolve(id, publishedAt);
        if (!Objects.equals(resolved, id)) {
            notes.add("the relative id " + id + " resolved against the URL the manifest was read from");
            id = resolved;
        }
        Descriptive description = descriptive(manifest.description(), notes);
        List<Canvas> canvases = new ArrayList<>(manifest.canvases().size());
        int sized = 0;
        for (Canvas canvas : manifest.canvases()) {
            Canvas repaired = canvas(canvas);
            if (!Objects.equals(repaired.width(), canvas.width()) || !Objects.equals(repaired.height(), canvas.height())) {
                sized++;
            }
            canvases.add(repaired);
        }
        if (sized > 0) {
            notes.add(sized + (sized == 1 ? " canvas" : " canvases")
                    + " without a width and height took the size of the one image painted on it");
        }
        return new Repaired<>(new Manifest(id, manifest.sourceVersion(), description,
                manifest.viewingDirection(), manifest.behavior(), canvases, manifest.structures()), notes);
    }

    private static String resolve(String id, URI base) {
        if (id == null || base == null || !base.isAbsolute()) {
            return id;
        }
        try {
            URI uri = new URI(id);
            return uri.isAbsolute() ? id : base.resolve(uri).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return id; // not a URI reference at all: left as written
        }
    }

    public static Repaired<Collection> collection(Collection collection) {
        List<String> notes = new ArrayList<>();
        Descriptive description = descriptive(collection.description(), notes);
        List<CollectionItem> items = collection.items().stream()
                .map(i -> {
                    List<ContentResource> thumbnails = contents(i.thumbnails());
                    return thumbnails == i.thumbnails() ? i : new CollectionItem(i.id(), i.kind(), i.label(), thumbnails);
                })
                .toList();
        return new Repaired<>(new Collection(collection.id(), collection.sourceVersion(), description, items,
                collection.paging()), notes);
    }

    /**
     * The canonical Presentation 3 form of a rights URI from Creative Commons or RightsStatements.org;
     * empty for anything else (a URI of another body, free text).
     */
    public static Optional<String> canonicalRights(String rights) {
        if (rights == null) {
            return Optional.empty();
        }
        String trimmed = rights.trim();
        Matcher m = CREATIVE_COMMONS.matcher(trimmed);
        if (m.matches()) {
            return Optional.of("http://creativecommons.org/" + m.group(1));
        }
        m = RIGHTS_STATEMENTS.matcher(trimmed);
        if (m.matches()) {
            return Optional.of("http://rightsstatements.org/vocab/" + m.group(1));
        }
        return Optional.empty();
    }

    private static Descriptive descriptive(Descriptive d, List<String> notes) {
        String rights = d.rights();
        List<MetadataEntry> metadata = d.metadata();
        if (rights != null) {
            Optional<String> canonical = canonicalRights(rights);
            if (canonical.isPresent()) {
                if (!canonical.get().equals(rights)) {
                    notes.add("rights " + rights + " written in its canonical form " + canonical.get());
                }
                rights = canonical.get();
            } else {
                metadata = new ArrayList<>(metadata);
                metadata.add(new MetadataEntry(RIGHTS_LABEL, LanguageMap.of(LanguageMap.NONE, rights)));
                notes.add("rights " + rights + " is not a Creative Commons or RightsStatements.org URI;"
                        + " moved to metadata as \"Rights\"");
                rights = null;
            }
        }
        return new Descriptive(d.label(), d.summary(), metadata, d.requiredStatement(), rights, d.provider(),
                d.homepage(), d.seeAlso(), d.partOf(), d.rendering(), contents(d.thumbnails()));
    }

    private static Canvas canvas(Canvas c) {
        Integer width = c.width();
        Integer height = c.height();
        boolean sized = width != null && height != null && width > 0 && height > 0;
        if (!sized && c.duration() == null && c.paintings().size() == 1 && c.paintings().get(0).bodies().size() == 1) {
            ContentResource image = c.paintings().get(0).body();
            if (image.width() != null && image.height() != null && image.width() > 0 && image.height() > 0
                    && image.region() == null) {
                width = image.width();
                height = image.height();
            }
        }
        List<PaintingAnnotation> paintings = new ArrayList<>(c.paintings().size());
        boolean changed = !Objects.equals(width, c.width()) || !Objects.equals(height, c.height());
        for (PaintingAnnotation p : c.paintings()) {
            List<ContentResource> bodies = contents(p.bodies());
            paintings.add(bodies == p.bodies() ? p : new PaintingAnnotation(p.id(), p.target(), bodies, p.choice()));
            changed |= bodies != p.bodies();
        }
        List<ContentResource> thumbnails = contents(c.thumbnails());
        if (!changed && thumbnails == c.thumbnails()) {
            return c; // most canvases need nothing: a large manifest is not copied canvas by canvas
        }
        return new Canvas(c.id(), c.label(), width, height, c.duration(), paintings, thumbnails, c.annotations());
    }

    /** The same list when no resource in it needs a change. */
    private static List<ContentResource> contents(List<ContentResource> resources) {
        List<ContentResource> repaired = null;
        for (int i = 0; i < resources.size(); i++) {
            ContentResource r = resources.get(i);
            ContentResource fixed = content(r);
            if (fixed != r && repaired == null) {
                repaired = new ArrayList<>(resources.subList(0, i));
            }
            if (repaired != null) {
                repaired.add(fixed);
            }
        }
        return repaired == null ? resources : repaired;
    }

    private static ContentResource content(ContentResource r) {
        if (r.services().stream().allMatch(s -> s.type() != null)) {
            return r;
        }
        List<ImageService> services = r.services().stream()
                .map(s -> s.type() != null ? s : new ImageService(s.id(), serviceType(s.version()), s.version(), s.level(), s.profile()))
                .toList();
        return new ContentResource(r.id(), r.type(), r.format(), r.width(), r.height(), r.duration(), r.label(),
                services, r.region());
    }

    /** The v3 type of an Image API service of a version (v3 §5.7). */
    public static String serviceType(ImageApiVersion version) {
        return switch (version) {
            case V3 -> "ImageService3";
            case V2 -> "ImageService2";
            case V1_0, V1_1 -> "ImageService1";
        };
    }
}
