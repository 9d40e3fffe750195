-- Every job belongs to the client that created it (the identity the gateway signed); jobs from before
-- owners were kept belong to the one client of an open deployment.
alter table job add column owner text not null default 'anonymous';
create index job_by_owner on job (owner, created_at);
