import '../../common/zod-jitless.ts';
import { READ_RANGES, type ReadRange } from '@ai-http/shared/api/resources';
import { mountPage } from '../../pages/mount.tsx';
import { Dashboard } from '../../features/dashboard/dashboard.tsx';

// `?range=24h|7d|30d` opens the dashboard on that period; `?workflow=<n8n id>&instance=<id>` narrows
// it to one workflow; `?lang=ar` in Arabic (right to left).
const params = new URLSearchParams(location.search);
const asked = params.get('range');
const workflow = params.get('workflow');
const filter = workflow ? { workflowId: workflow, instanceId: params.get('instance') ?? undefined } : undefined;
mountPage(<Dashboard initialRange={READ_RANGES.includes(asked as ReadRange) ? (asked as ReadRange) : '7d'} filter={filter} />);
