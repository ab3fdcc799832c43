// Imported first by every entrypoint, before any schema is built: zod decides per object schema,
// when it is created, whether to compile a parser with the Function constructor. The extension's
// CSP forbids that, and store reviewers reject it; `jitless` is zod's own switch for such places.
// The build also removes the compiler from the bundles (build/strip-unsafe-code.ts); this keeps
// the run time honest should a zod update add a path the build does not know of.
import { config } from 'zod';

config({ jitless: true });
