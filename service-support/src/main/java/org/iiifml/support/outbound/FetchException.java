package org.iiifml.support.outbound;

import java.util.Map;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;

/** A download that did not succeed, with the problem type the caller gets. */
public class FetchException extends ProblemException {

    public FetchException(ProblemType type, String detail) {
        super(type, detail);
    }

    public FetchException(ProblemType type, String detail, Map<String, Object> properties, Throwable cause) {
        super(type, detail, properties, cause);
    }

    /** A status of the outside server as the problem the caller gets. */
    static FetchException forStatus(int status, String url) {
        if (status == 404 || status == 410) {
            return new FetchException(ProblemType.UPSTREAM_NOT_FOUND, "the server has no document at " + url + " (HTTP " + status + ")");
        }
        if (status >= 400 && status < 500) {
            return new FetchException(ProblemType.UPSTREAM_REFUSED, "the server refused the request for " + url + " (HTTP " + status + ")");
        }
        return new FetchException(ProblemType.UPSTREAM_UNAVAILABLE, "the server kept failing for " + url + " (HTTP " + status + ")");
    }
}
