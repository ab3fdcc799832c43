import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { installDebuggerUi } from '../features/debugger/ui.ts';

// Injected by the background into an n8n tab's overlay (features/debugger/ui.ts).
export default defineUnlistedScript(() => installDebuggerUi());
