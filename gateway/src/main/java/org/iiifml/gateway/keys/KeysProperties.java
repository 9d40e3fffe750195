package org.iiifml.gateway.keys;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's API keys.
 *
 * @param cacheTtl how long a looked-up key is trusted before the database is asked again; a key revoked on
 *     another gateway replica stops working within it (default 10s)
 * @param bootstrapFile where the local run keeps its admin key: when set, authentication is on and no live
 *     admin key exists, one is created, written there (owner-only) and printed once (default none)
 */
@ConfigurationProperties("suite.gateway.keys")
public record KeysProperties(@DefaultValue("10s") Duration cacheTtl, Path bootstrapFile) {
}
