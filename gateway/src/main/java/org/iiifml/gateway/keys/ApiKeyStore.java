package org.iiifml.gateway.keys;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The api_key table of the gateway's schema. */
public final class ApiKeyStore {

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    public ApiKeyStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.dataSource = dataSource;
    }

    public void insert(ApiKey key, String sha256) {
        try (var connection = dataSource.getConnection()) {
            Array scopes = connection.createArrayOf("text", key.scopes().stream().sorted().toArray());
            jdbc.sql("""
                    insert into api_key (id, client, name, hint, sha256, scopes, created_at, expires_at)
                    values (:id, :client, :name, :hint, :sha256, :scopes, :created, :expires)""")
                    .param("id", key.id()).param("client", key.client()).param("name", key.name()).param("hint", key.hint())
                    .param("sha256", sha256).param("scopes", scopes).param("created", time(key.createdAt()))
                    .param("expires", time(key.expiresAt())).update();
        } catch (SQLException e) {
            throw new IllegalStateException("the API key could not be stored", e);
        }
    }

    public Optional<ApiKey> bySha256(String sha256) {
        return jdbc.sql("select * from api_key where sha256 = :sha").param("sha", sha256).query(ApiKeyStore::row).optional();
    }

    public Optional<ApiKey> byId(UUID id) {
        return jdbc.sql("select * from api_key where id = :id").param("id", id).query(ApiKeyStore::row).optional();
    }

    /** Every key, or one client's, newest first. */
    public List<ApiKey> list(String client) {
        return jdbc.sql("select * from api_key where (cast(:client as text) is null or client = :client) order by created_at desc, id")
                .param("client", client).query(ApiKeyStore::row).list();
    }

    /** @return false when there is no such key or it was already revoked */
    public boolean revoke(UUID id, Instant now) {
        return jdbc.sql("update api_key set revoked_at = :now where id = :id and revoked_at is null")
                .param("id", id).param("now", time(now)).update() == 1;
    }

    public void touch(UUID id, Instant now) {
        jdbc.sql("update api_key set last_used_at = :now where id = :id").param("id", id).param("now", time(now)).update();
    }

    /** Keys not revoked nor expired that hold the scope: whether the local run's admin key is still there. */
    public long countActive(String scope, Instant now) {
        return jdbc.sql("select count(*) from api_key where revoked_at is null and (expires_at is null or expires_at > :now)"
                        + " and :scope = any(scopes)")
                .param("now", time(now)).param("scope", scope).query(Long.class).single();
    }

    private static ApiKey row(ResultSet rs, int n) throws SQLException {
        String[] scopes = (String[]) rs.getArray("scopes").getArray();
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("client"), rs.getString("name"), rs.getString("hint"),
                Set.copyOf(Arrays.asList(scopes)), instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "last_used_at"),
                instant(rs, "revoked_at"));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
