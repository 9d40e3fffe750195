package org.iiifml.support.upload;

import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;

/** Reads an uploaded file part into memory, refusing it (413) as soon as it passes the limit. */
public final class Uploads {

    private Uploads() {
    }

    /**
     * @param limitKey the configuration key of the limit, named in the refusal
     * @return the bytes; empty array for an empty part
     */
    public static Mono<byte[]> read(Part part, DataSize limit, String limitKey) {
        if (!(part instanceof FilePart)) {
            return Mono.error(new ProblemException(ProblemType.BAD_REQUEST, "the image part must be a file (multipart field 'image')"));
        }
        int max = (int) Math.min(Integer.MAX_VALUE - 8, limit.toBytes());
        return DataBufferUtils.join(part.content(), max)
                .onErrorMap(DataBufferLimitException.class, e -> new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                        "the image is larger than " + limit + " (" + limitKey + ")"))
                .map(Uploads::bytes)
                .defaultIfEmpty(new byte[0]);
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
