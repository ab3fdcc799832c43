import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { SecretBox } from '../../infra/secret-box.ts';
import type { SyncNudges } from './nudges.ts';
import { recordServerWrite, type ServerWrite } from './service.ts';

/**
 * How a REST resource writes through the sync change log: its own write and the record of it in
 * `sync_records` in one transaction, then a nudge to the user's devices. Used by ownedCrudRoutes
 * for the resources devices sync (saved requests, own templates, instances).
 */
export interface WriteThrough {
  run<Row>(ctx: Context, userId: string, work: () => Promise<Row>, change: (row: Row) => ServerWrite | null): Promise<Row>;
}

export function writeThrough(em: (ctx: Context) => EntityManager, box: SecretBox, nudges: SyncNudges, logger: Logger): WriteThrough {
  return {
    async run(ctx, userId, work, change) {
      const manager = em(ctx);
      await manager.begin();
      let row;
      let seq: number | null = null;
      try {
        row = await work();
        const write = change(row);
        if (write) seq = await recordServerWrite(manager, box, userId, write, Date.now());
        await manager.commit();
      } catch (error) {
        await manager.rollback();
        throw error;
      }
      if (seq !== null) await nudges.publish({ userId, cursor: seq, from: null }).catch((error: unknown) => logger.warn({ err: error }, 'sync nudge not sent; devices pull on their timer'));
      return row;
    },
  };
}
