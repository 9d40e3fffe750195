package org.iiifml.iiif.image;

/** Image API versions, in order: a later constant is a newer version. */
public enum ImageApiVersion {
    V1_0("1.0"), V1_1("1.1"), V2("2"), V3("3");

    private final String label;

    ImageApiVersion(String label) {
        this.label = label;
    }

    /** As the corpus and the specifications write it: 1.0, 1.1, 2, 3. */
    public String label() {
        return label;
    }

    public boolean isV1() {
        return this == V1_0 || this == V1_1;
    }
}
