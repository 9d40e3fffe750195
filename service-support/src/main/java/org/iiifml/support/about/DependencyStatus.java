package org.iiifml.support.about;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code DependencyStatus} schema of openapi/common.yaml: how one service this one calls answered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DependencyStatus(String name, Status status, String version, String detail) {

    public enum Status { UP, DOWN }

    public static DependencyStatus up(String name, String version) {
        return new DependencyStatus(name, Status.UP, version, null);
    }

    public static DependencyStatus down(String name, String detail) {
        return new DependencyStatus(name, Status.DOWN, null, detail);
    }
}
