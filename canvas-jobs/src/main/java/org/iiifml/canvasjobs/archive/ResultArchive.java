package org.iiifml.canvasjobs.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip of a job's results (crops, colourised images), written entry by entry: each call answers the bytes
 * that entry added, so the archive streams out as it is made and only one entry is held at a time. Entry
 * names are generated here, never taken from a manifest as they are: {@code <page>_<label>_<n>.<ext>} with
 * the label reduced to ASCII letters, digits and '-', unique within the archive; an index in CSV that a
 * spreadsheet opens without running anything.
 */
public final class ResultArchive {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(buffer, StandardCharsets.UTF_8);
    private final Set<String> names = new HashSet<>();

    public ResultArchive() {
        zip.setLevel(Deflater.BEST_SPEED); // JPEGs do not shrink; the index does, a little
    }

    /** {@code 0004_plate-iii_01.jpg}: page number, sanitised canvas label, number on the page; unique. */
    public String name(int page, String canvasLabel, int index) {
        return name(page, canvasLabel, index, "jpg");
    }

    /** The same with another extension ({@code png}, say). */
    public String name(int page, String canvasLabel, int index, String extension) {
        String base = String.format(Locale.ROOT, "%04d_%s_%02d", page, slug(canvasLabel), index);
        String name = base + "." + extension;
        for (int n = 2; !names.add(name); n++) {
            name = base + "-" + n + "." + extension;
        }
        return name;
    }

    public static String slug(String label) {
        if (label == null) {
            return "canvas";
        }
        String ascii = Normalizer.normalize(label, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "canvas" : slug;
    }

    public byte[] entry(String name, byte[] content) {
        try {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    /** The central directory: the archive's last bytes. */
    /** The index entry ({@code index.csv}) and the end of the archive, as one piece of bytes. */
    public byte[] finish(String index) {
        byte[] last = entry("index.csv", index.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] end = finish();
        byte[] both = new byte[last.length + end.length];
        System.arraycopy(last, 0, both, 0, last.length);
        System.arraycopy(end, 0, both, last.length, end.length);
        return both;
    }

    public byte[] finish() {
        try {
            zip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    private byte[] drain() {
        byte[] out = buffer.toByteArray();
        buffer.reset();
        return out;
    }

    /** One CSV line (RFC 4180 quoting); cells a spreadsheet would run as formulas are quoted with a leading '. */
    public static String csv(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i) == null ? "" : cells.get(i);
            if (!c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0 && !c.matches("-?\\d+(\\.\\d+)?")) {
                c = "'" + c;
            }
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                c = "\"" + c.replace("\"", "\"\"") + "\"";
            }
            b.append(i == 0 ? "" : ",").append(c);
        }
        return b.append("\r\n").toString();
    }
}
