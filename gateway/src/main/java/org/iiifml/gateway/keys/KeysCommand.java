package org.iiifml.gateway.keys;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@code java -jar gateway.jar keys create|list|revoke …}: key management from a shell, on the same
 * database settings as the gateway ({@code --suite.jobs.database.url=…} or SUITE_JOBS_DATABASE_URL, else
 * the embedded default).
 */
public final class KeysCommand {

    private KeysCommand() {
    }

    @Configuration(proxyBeanMethods = false)
    @Import(KeysConfiguration.class)
    static class Context {
    }

    private static final String USAGE = """
            usage: java -jar gateway.jar keys create --client ID --scopes read,run[,train,admin] [--name TEXT] [--expires-in-days N]
                   java -jar gateway.jar keys list [--client ID]
                   java -jar gateway.jar keys revoke KEY-ID
            Spring properties (--suite.jobs.database.url=…) choose the database, as for the gateway.""";

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        String positional = null;
        String[] spring = Arrays.stream(args).filter(a -> a.startsWith("--suite.") || a.startsWith("--spring.")).toArray(String[]::new);
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--suite.") || args[i].startsWith("--spring.")) {
                continue;
            }
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                positional = args[i];
            }
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Context.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=warn")
                .run(spring)) {
            ApiKeys keys = context.getBean(ApiKeys.class);
            switch (args[0]) {
                case "create" -> {
                    if (!options.containsKey("client") || !options.containsKey("scopes")) {
                        err.println(USAGE);
                        return 2;
                    }
                    Instant expires = options.containsKey("expires-in-days")
                            ? Instant.now().plus(Duration.ofDays(Long.parseLong(options.get("expires-in-days")))) : null;
                    ApiKey.Created created = keys.create(options.get("client"), options.getOrDefault("name", options.get("client")),
                            KeysConfiguration.scopes(options.get("scopes")), expires);
                    out.println("key " + created.key().id() + " for " + created.key().client() + " " + created.key().scopes()
                            + (expires == null ? "" : ", expires " + expires) + "; shown once:");
                    out.println(created.secret());
                }
                case "list" -> keys.list(options.get("client")).forEach(k -> out.println(k.id() + "  " + k.client() + "  " + ApiKeys.PREFIX
                        + k.hint() + "…  " + k.scopes().stream().sorted().toList() + "  created " + k.createdAt()
                        + (k.expiresAt() == null ? "" : "  expires " + k.expiresAt())
                        + (k.lastUsedAt() == null ? "" : "  last used " + k.lastUsedAt())
                        + (k.revokedAt() == null ? "" : "  REVOKED " + k.revokedAt())));
                case "revoke" -> {
                    if (positional == null) {
                        err.println(USAGE);
                        return 2;
                    }
                    if (!keys.revoke(UUID.fromString(positional))) {
                        err.println("no live key " + positional);
                        return 1;
                    }
                    out.println("revoked " + positional);
                }
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("keys: " + e.getMessage());
            return 2;
        }
    }
}
