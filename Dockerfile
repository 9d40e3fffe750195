# One image definition for every service of the suite. Build from the repository root, which holds the
# parent POM, naming the module and the port it listens on:
#   docker build --build-arg SERVICE=classifier-service --build-arg PORT=8082 -t iiif-ml/classifier-service .
# docker-compose.yml and k8s/ build and run each service from this file.
ARG SERVICE
FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=<module>" >&2; exit 1; } \
 && ./mvnw -B -q -DskipTests -pl "$SERVICE" -am package \
 && java -Djarmode=tools -jar "$SERVICE/target/$SERVICE.jar" extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
ARG PORT=8080
# curl only for the health check; a fixed non-root user the Kubernetes securityContext also names.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 suite && useradd --system --uid 10001 --gid suite --no-create-home suite \
 && mkdir -p /var/lib/iiif-ml/models /var/lib/iiif-ml/colorizer-results /var/lib/iiif-ml/trainer && chown -R 10001:10001 /var/lib/iiif-ml
# (Owned by the service's user, so that a named volume mounted there, as compose does, starts writable.)
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
# The port the service listens on (its application.yaml), for the health check.
# DJL never downloads: its libtorch comes in the trainer's jar, which extracts it under the JVM's temporary
# directory when the home directory is not writable (430 MB on first use).
ENV DJL_OFFLINE=true SERVICE_PORT=${PORT}
EXPOSE ${PORT}
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${SERVICE_PORT}/actuator/health/liveness" || exit 1
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
