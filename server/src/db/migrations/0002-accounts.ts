import { Migration } from '@mikro-orm/migrations';

// Accounts, keys, n8n instances, saved requests, templates, and the workflow/execution summaries
// the poller keeps. Every user-owned row carries what sync needs: a change sequence (one
// cluster-wide counter, bumped by a trigger on every write), updated_at, and a deleted_at tombstone.
const SYNC_COLUMNS = `
  "change_seq" bigint not null default nextval('change_seq'),
  "created_at" timestamptz not null default now(),
  "updated_at" timestamptz not null default now(),
  "deleted_at" timestamptz null`;

const SYNCED_TABLES = ['users', 'api_keys', 'instances', 'requests', 'templates', 'workflows'];

export class Migration0002Accounts extends Migration {
  override name = '0002-accounts';

  override up(): void {
    this.addSql(`create sequence if not exists "change_seq";`);
    this.addSql(`create or replace function "touch_row"() returns trigger language plpgsql as $$
      begin
        new."change_seq" := nextval('change_seq');
        new."updated_at" := now();
        return new;
      end $$;`);
    this.addSql(`create table "users" (
      "id" uuid primary key default gen_random_uuid(),
      "email" text not null,
      "name" text not null,
      "avatar_url" text null,
      "plan" text not null default 'FREE' check ("plan" in ('FREE','PRO','TEAM','ENTERPRISE')),
      "settings" jsonb not null default '{}',
      "password_hash" text not null,${SYNC_COLUMNS}
    );`);
    this.addSql(`create unique index "users_email_lower" on "users" (lower("email"));`);
    this.addSql(`create table "refresh_token_families" (
      "id" uuid primary key,
      "user_id" uuid not null references "users" ("id") on delete cascade,
      "token_hash" text not null,
      "generation" integer not null default 0,
      "created_at" timestamptz not null default now(),
      "rotated_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz null,
      "revoked_reason" text null
    );`);
    this.addSql(`create index "refresh_token_families_user" on "refresh_token_families" ("user_id");`);
    this.addSql(`create table "api_keys" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null references "users" ("id") on delete cascade,
      "name" text not null,
      "prefix" text not null,
      "key_hash" text not null unique,
      "scopes" jsonb not null default '[]',
      "last_used_at" timestamptz null,
      "revoked_at" timestamptz null,${SYNC_COLUMNS}
    );`);
    this.addSql(`create index "api_keys_user" on "api_keys" ("user_id", "change_seq");`);
    this.addSql(`create table "instances" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null references "users" ("id") on delete cascade,
      "name" text not null,
      "url" text not null,
      "api_key_ciphertext" text not null,
      "api_key_key_id" text not null,
      "api_key_last4" text not null,
      "status" text not null default 'DISCONNECTED' check ("status" in ('CONNECTED','DISCONNECTED','ERROR')),
      "last_sync" timestamptz null,
      "last_error" text null,
      "last_execution_id" text null,
      "poll_fence" bigint not null default 0,${SYNC_COLUMNS}
    );`);
    this.addSql(`create index "instances_user" on "instances" ("user_id", "change_seq");`);
    this.addSql(`create table "requests" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null references "users" ("id") on delete cascade,
      "name" text not null,
      "spec" jsonb not null,${SYNC_COLUMNS}
    );`);
    this.addSql(`create index "requests_user" on "requests" ("user_id", "change_seq");`);
    this.addSql(`create table "templates" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid null references "users" ("id") on delete cascade,
      "builtin_id" text null unique,
      "is_public" boolean not null default false,
      "service" text not null,
      "name" text not null,
      "description" text not null default '',
      "tags" jsonb not null default '[]',
      "docs_url" text null,
      "spec" jsonb not null,${SYNC_COLUMNS}
    );`);
    this.addSql(`create index "templates_user" on "templates" ("user_id", "change_seq");`);
    this.addSql(`create table "workflows" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null references "users" ("id") on delete cascade,
      "instance_id" uuid not null references "instances" ("id") on delete cascade,
      "n8n_workflow_id" text not null,
      "name" text not null,
      "active" boolean not null default false,
      "nodes" jsonb not null default '[]',
      "connections" jsonb not null default '{}',${SYNC_COLUMNS},
      unique ("instance_id", "n8n_workflow_id")
    );`);
    this.addSql(`create table "executions" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null references "users" ("id") on delete cascade,
      "instance_id" uuid not null references "instances" ("id") on delete cascade,
      "n8n_execution_id" text not null,
      "n8n_workflow_id" text not null,
      "status" text not null,
      "mode" text not null,
      "started_at" timestamptz null,
      "stopped_at" timestamptz null,
      "digest" jsonb null,
      "created_at" timestamptz not null default now(),
      unique ("instance_id", "n8n_execution_id")
    );`);
    this.addSql(`create index "executions_workflow" on "executions" ("instance_id", "n8n_workflow_id", "started_at" desc);`);
    for (const table of SYNCED_TABLES) {
      this.addSql(`create trigger "${table}_touch" before update on "${table}" for each row execute function "touch_row"();`);
    }
  }

  override down(): void {
    for (const table of ['executions', 'workflows', 'templates', 'requests', 'instances', 'api_keys', 'refresh_token_families', 'users']) this.addSql(`drop table if exists "${table}" cascade;`);
    this.addSql(`drop function if exists "touch_row"();`);
    this.addSql(`drop sequence if exists "change_seq";`);
  }
}
