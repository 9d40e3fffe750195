-- Jobs, their items, idempotency keys and webhook deliveries; one schema per service.

create table job (
    id               uuid primary key,
    state            text        not null check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    request          jsonb       not null,
    reproducibility  jsonb       not null default '{}',
    problem          jsonb,
    planned          boolean     not null default false,
    -- While a job is being planned (its source read into items), the planner holds a lease on it.
    lease_owner      text,
    lease_until      timestamptz,
    plan_attempts    integer     not null default 0,
    total            integer     not null default 0,
    done             integer     not null default 0,
    failed           integer     not null default 0,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    finished_at      timestamptz
);
create index job_by_state on job (state, created_at);

create table job_item (
    job_id       uuid        not null references job (id) on delete cascade,
    idx          integer     not null,
    ref          text        not null,
    data         jsonb,
    label        text,
    state        text        not null check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempts     integer     not null default 0,
    lease_owner  text,
    lease_until  timestamptz,
    problem      jsonb,
    result       jsonb,
    -- The instance whose result (or failure) was recorded: which replica worked on what.
    finished_by  text,
    started_at   timestamptz,
    finished_at  timestamptz,
    primary key (job_id, idx)
);
-- Only unfinished items are ever claimed; keep that index small.
create index job_item_open on job_item (job_id, idx) where state in ('queued', 'running');

create table idempotency_key (
    key          text        primary key,
    fingerprint  text        not null,
    job_id       uuid,
    created_at   timestamptz not null
);

create table webhook_delivery (
    id               bigserial   primary key,
    job_id           uuid        not null references job (id) on delete cascade,
    event            text        not null,
    state            text        not null check (state in ('pending', 'delivered', 'failed')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    lease_owner      text,
    lease_until      timestamptz,
    last_status      integer,
    last_error       text,
    created_at       timestamptz not null,
    delivered_at     timestamptz
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where state = 'pending';
