-- API keys of the client applications: only the SHA-256 of a key is kept; the key itself is shown once.
create table api_key (
    id            uuid        primary key,
    client        text        not null,
    name          text        not null,
    -- The first characters of the key after its prefix, to tell keys apart in lists and logs.
    hint          text        not null,
    sha256        text        not null unique,
    scopes        text[]      not null,
    created_at    timestamptz not null,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create index api_key_by_client on api_key (client, created_at);
