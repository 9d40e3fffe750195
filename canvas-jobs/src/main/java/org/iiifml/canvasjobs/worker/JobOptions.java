package org.iiifml.canvasjobs.worker;

import java.util.List;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The first check of a job's options, the same in every service: an object that names only known options. */
public final class JobOptions {

    private JobOptions() {
    }

    /**
     * The options as an object (empty when the job has none); a 400 problem when they are not an object or
     * name an option outside {@code names}.
     *
     * @param jobs what the service's jobs are called in the problem, e.g. "classifier"
     */
    public static JsonNode of(JsonNode options, String jobs, List<String> names) {
        String listed = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        if (options == null || options.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!options.isObject()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "options must be an object with " + listed);
        }
        for (String name : options.propertyNames()) {
            if (!names.contains(name)) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "unknown option '" + name + "'; " + jobs + " jobs take " + listed);
            }
        }
        return options;
    }
}
