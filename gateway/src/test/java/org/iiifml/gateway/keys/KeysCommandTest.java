package org.iiifml.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.iiifml.jobs.TestDatabase;
import org.junit.jupiter.api.Test;

/** {@code java -jar gateway.jar keys …} on a real PostgreSQL: create, list, revoke, and its usage errors. */
class KeysCommandTest {

    /** The suite's test PostgreSQL, one schema for every command of a test, as one database an operator points them at. */
    final String[] database = Arrays.stream(TestDatabase.properties(TestDatabase.freshSchema())).map(p -> "--" + p).toArray(String[]::new);

    record Run(int status, String out, String err) {
    }

    Run keys(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] withDatabase = Stream.concat(Arrays.stream(args), Arrays.stream(database)).toArray(String[]::new);
        int status = KeysCommand.run(withDatabase, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyIsCreatedShownOnceListedByItsHintAndRevoked() {
        Run created = keys("create", "--client", "catalogue", "--scopes", "read,run", "--name", "nightly import", "--expires-in-days", "30");
        assertThat(created.status()).isZero();
        String[] lines = created.out().strip().split("\n");
        String secret = lines[lines.length - 1];
        assertThat(secret).startsWith(ApiKeys.PREFIX).hasSizeGreaterThan(30);
        String id = lines[0].split(" ")[1];
        assertThat(lines[0]).contains("for catalogue").contains("read").contains("run").contains("expires");

        Run listed = keys("list", "--client", "catalogue");
        assertThat(listed.status()).isZero();
        assertThat(listed.out()).contains(id).contains("catalogue").contains("[read, run]").doesNotContain(secret)
                .doesNotContain("REVOKED");

        assertThat(keys("revoke", id).out()).contains("revoked " + id);
        assertThat(keys("list").out()).contains(id).contains("REVOKED");
        Run again = keys("revoke", id);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("no live key " + id);
    }

    @Test
    void usageMistakesAreExplainedWithoutStartingAnything() {
        assertThat(keys().status()).isEqualTo(2);
        Run missing = keys("create", "--client", "catalogue");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("usage:");
        Run unknownScope = keys("create", "--client", "catalogue", "--scopes", "read,everything");
        assertThat(unknownScope.status()).isEqualTo(2);
        assertThat(unknownScope.err()).contains("scopes are one or more of [admin, read, run, train]");
    }
}
