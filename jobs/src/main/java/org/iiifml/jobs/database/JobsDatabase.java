package org.iiifml.jobs.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.iiifml.jobs.config.JobsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's connection pool to its job schema, migrated on start. With no URL configured a real
 * PostgreSQL is started from the embedded binaries, keeping its data in a folder so that jobs survive a
 * restart: the local run needs nothing installed.
 */
public final class JobsDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobsDatabase.class);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource dataSource;
    private final String schema;

    private JobsDatabase(EmbeddedPostgres embedded, HikariDataSource dataSource, String schema) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.schema = schema;
    }

    public static JobsDatabase open(JobsProperties.Database properties, String serviceName) {
        return open(properties, serviceName, "classpath:org/iiifml/jobs/db", "jobs_schema_history");
    }

    /**
     * The same database for other tables than jobs' (the gateway's API keys): the schema migrated from
     * {@code migrations}, its history kept in {@code historyTable}.
     */
    public static JobsDatabase open(JobsProperties.Database properties, String serviceName, String migrations, String historyTable) {
        String schema = properties.schema().isBlank() ? schemaFor(serviceName) : properties.schema();
        EmbeddedPostgres embedded = null;
        String url = properties.url();
        String user = properties.username();
        String password = properties.password();
        if (url.isBlank()) {
            // One server per service: two servers cannot share a data folder.
            Path directory = properties.embeddedDirectory().isBlank()
                    ? Path.of(System.getProperty("user.home"), ".iiif-ml-suite", "postgres", schema)
                    : Path.of(properties.embeddedDirectory());
            embedded = startEmbedded(directory);
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
            log.info("Jobs are kept in an embedded PostgreSQL (data in {}); set suite.jobs.database.url for a server", directory);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setSchema(schema);
        config.setMaximumPoolSize(properties.poolSize());
        config.setPoolName("jobs");
        config.setInitializationFailTimeout(30_000);
        HikariDataSource pool;
        try {
            migrate(url, user, password, schema, migrations, historyTable);
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
        return new JobsDatabase(embedded, pool, schema);
    }

    /** Creates the schema if needed and applies the job migrations to it. */
    static void migrate(String url, String user, String password, String schema, String migrations, String historyTable) {
        Flyway.configure()
                .dataSource(url, user, password)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations(migrations)
                .table(historyTable)
                .load()
                .migrate();
    }

    private static EmbeddedPostgres startEmbedded(Path directory) {
        try {
            Files.createDirectories(directory);
            stopOrphan(directory);
            // A data folder from an earlier run is reused as it is: that is what makes jobs durable locally.
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .start();
            holdShutdownHook(embedded, true);
            return embedded;
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start in " + directory, e);
        }
    }

    /**
     * A service killed without a chance to stop its embedded server leaves that server running on the
     * folder; the next start would fail on its lock. Such an orphan has no clients left: stop it.
     */
    private static void stopOrphan(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException unreadable) {
            return; // PostgreSQL itself treats an unreadable or stale lock file
        }
        ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .ifPresent(orphan -> {
                    log.warn("Stopping an embedded PostgreSQL (pid {}) left running on {} by an earlier run", pid, directory);
                    orphan.destroy();
                    try {
                        orphan.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        orphan.destroyForcibly();
                    }
                });
    }

    /** "iiif-fetcher" → "iiif_fetcher": a schema name that needs no quoting. */
    public static String schemaFor(String serviceName) {
        String name = serviceName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "s_" + name : name;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String schema() {
        return schema;
    }

    @Override
    public void close() {
        dataSource.close();
        closeQuietly(embedded);
    }

    /**
     * The library stops its server from a JVM shutdown hook of its own, which runs at the same time as
     * Spring's: on SIGTERM the database went away while the job runners were still giving their items back.
     * Marked closed, the library's hook does nothing, and {@link #close} (the last bean to go, after every
     * runner has stopped) stops the server. A process killed outright leaves it running; the next start
     * stops that orphan ({@link #stopOrphan}).
     */
    private static void holdShutdownHook(EmbeddedPostgres embedded, boolean held) {
        try {
            Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
            closed.setAccessible(true);
            ((AtomicBoolean) closed.get(embedded)).set(held);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Another version of the library: its own hook stays, as before.
            log.debug("The embedded PostgreSQL's own shutdown hook could not be held back: {}", e.toString());
        }
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        if (embedded != null) {
            holdShutdownHook(embedded, false);
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
