import { Migration } from '@mikro-orm/migrations';

/**
 * Workflow rows used to hold every node's full parameters, tokens in headers and bodies included.
 * They now hold outlines (shared/src/n8n/workflow-outline.ts): the old copies are emptied here,
 * and the poller's next workflow sync writes the outlines.
 */
export class Migration0005WorkflowOutlines extends Migration {
  override name = '0005-workflow-outlines';

  override up(): void {
    this.addSql(`update "workflows" set "nodes" = '[]'::jsonb where "nodes" <> '[]'::jsonb;`);
  }

  override down(): void {
    // The parameters are gone; the next sync writes outlines either way.
  }
}
