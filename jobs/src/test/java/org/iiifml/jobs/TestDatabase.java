package org.iiifml.jobs;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests, the first that is there: the server on 127.0.0.1:5432 (as on the
 * development and CI machines), a Testcontainers PostgreSQL when a Docker engine answers, or else an
 * embedded PostgreSQL started from Maven Central's binaries. Each test takes a fresh schema of its own.
 */
public final class TestDatabase {

    /** Where to connect. */
    public record Server(String url, String username, String password, String kind) {
    }

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static Server server;

    private TestDatabase() {
    }

    public static synchronized Server server() {
        if (server == null) {
            server = find();
            log.info("Tests use the {} PostgreSQL at {}", server.kind(), server.url());
        }
        return server;
    }

    /** A schema name no other test uses. */
    public static String freshSchema() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** The Spring properties that point a service's jobs at this server and a fresh schema. */
    public static String[] properties(String schema) {
        Server s = server();
        return new String[] {"suite.jobs.database.url=" + s.url(), "suite.jobs.database.username=" + s.username(),
                "suite.jobs.database.password=" + s.password(), "suite.jobs.database.schema=" + schema};
    }

    public static Connection connect() throws SQLException {
        Server s = server();
        return DriverManager.getConnection(s.url(), s.username(), s.password());
    }

    private static Server find() {
        String local = "jdbc:postgresql://127.0.0.1:5432/test";
        if (answers("127.0.0.1", 5432)) {
            try (Connection c = DriverManager.getConnection(local + "?connectTimeout=3", "postgres", "")) {
                return new Server(local, "postgres", "", "local");
            } catch (SQLException e) {
                log.info("127.0.0.1:5432 answers but not as database 'test' for user 'postgres': {}", e.getMessage());
            }
        }
        if (dockerAnswers()) {
            try {
                PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
            } catch (RuntimeException e) {
                log.info("Docker answers but no PostgreSQL container started ({}); using the embedded one", e.getMessage());
            }
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is going; the temporary folder goes with the next cleanup
                }
            }));
            return new Server(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
