package org.iiifml.iiif.presentation;

/** The Presentation API version a document was written in. Everything is read into the 3.0 model. */
public enum PresentationVersion { V2, V3 }
