import '../../common/zod-jitless.ts';
import { READ_RANGES, type ReadRange } from '@ai-http/shared/api/resources';
import { mountPage } from '../../pages/mount.tsx';
import { Dashboard } from '../../features/dashboard/dashboard.tsx';

// `?range=24h|7d|30d` opens the dashboard on that period; `?lang=ar` in Arabic (right to left).
const asked = new URLSearchParams(location.search).get('range');
mountPage(<Dashboard initialRange={READ_RANGES.includes(asked as ReadRange) ? (asked as ReadRange) : '7d'} />);
