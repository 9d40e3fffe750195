package org.iiifml.iiif.presentation;

import tools.jackson.databind.JsonNode;

/**
 * Where a harvester gets documents: over HTTP in the fetcher (with its safety rules), from files in tests.
 * A failure is thrown as an exception; the harvester records it and goes on with the rest.
 */
@FunctionalInterface
public interface DocumentSource {

    JsonNode load(String url) throws Exception;
}
