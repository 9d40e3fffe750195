package org.iiifml.support.identity;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import reactor.core.publisher.Mono;

/**
 * Who a request is for, as the gateway authenticated it: the client application's id and its scopes. A
 * service reads it from the Reactor context of the request ({@link #current}), where {@link IdentityFilter}
 * puts it after checking the gateway's signature.
 *
 * @param client the client's id, e.g. the name an API key was created for or a token's subject
 * @param scopes what it may do: {@code read}, {@code run}, {@code train}, {@code admin}
 */
public record ClientIdentity(String client, Set<String> scopes) {

    public static final String READ = "read";
    public static final String RUN = "run";
    public static final String TRAIN = "train";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL_SCOPES = Set.of(READ, RUN, TRAIN, ADMIN);

    /** The one client of a service that trusts every caller (no suite.identity.secret): the local, open mode. */
    public static final ClientIdentity ANONYMOUS = new ClientIdentity("anonymous", ALL_SCOPES);

    public ClientIdentity {
        if (client == null || client.isBlank() || client.length() > 200 || !client.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';')) {
            throw new IllegalArgumentException("a client id is 1 to 200 printable ASCII characters without spaces or ';'");
        }
        // Sorted: the signed header lists them in one order.
        scopes = Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }

    /** An admin sees every client's jobs; every other client sees its own. */
    public boolean sees(String owner) {
        return has(ADMIN) || client.equals(owner);
    }

    /** The identity of the request being answered; {@link #ANONYMOUS} outside a request. */
    public static Mono<ClientIdentity> current() {
        return Mono.deferContextual(context -> Mono.just(context.getOrDefault(ClientIdentity.class, ANONYMOUS)));
    }
}
