// Global setup for the server projects: a throwaway Postgres database and Redis key prefix per
// run (server-postgres), or nothing at all (server-embedded, whose tests use a temp data folder).
import pg from 'pg';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { deleteKeysUnder } from '../redis-keys.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    store: { kind: 'postgres'; databaseUrl: string; redisUrl: string; redisKeyPrefix: string } | { kind: 'embedded' };
  }
}

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export default async function setup(project: TestProject) {
  // globalSetup runs in vitest's main process, where the project's `env` is not applied: ask the project.
  if (project.config.env?.AIHTTP_TEST_STORE !== 'postgres') {
    project.provide('store', { kind: 'embedded' });
    return;
  }
  const runId = (process.env.AIHTTP_TEST_RUN_ID ?? `${Date.now().toString(36)}${process.pid}`).toLowerCase().replace(/[^a-z0-9]/g, '');
  const dbName = `aihttp_test_${runId}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Postgres is not reachable at ${ADMIN_URL} (${(error as Error).message}). Start it, or set TEST_POSTGRES_URL to a server where this user may CREATE DATABASE.`, { cause: error });
  }
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.query(`create database "${dbName}"`);
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    await admin.end();
    throw new Error(`Redis is not reachable at ${REDIS_URL} (${(error as Error).message}). Start it (redis-server --bind 127.0.0.1), or set TEST_REDIS_URL.`, { cause: error });
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const redisKeyPrefix = `aihttp:test:${runId}:`;
  project.provide('store', { kind: 'postgres', databaseUrl: url.toString(), redisUrl: REDIS_URL, redisKeyPrefix });

  return async () => {
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
    await deleteKeysUnder(redis, redisKeyPrefix);
    redis.disconnect();
  };
}
