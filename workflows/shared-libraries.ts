import { DateTime, IANAZone } from 'luxon';

// Loaded once per worker thread and shared, frozen, by every workflow (the bundle's
// `preloadModules`, worker/workflow-bundle.ts) instead of evaluated again for each cached workflow.
// Only luxon: it keeps no per-workflow state (its caches of Intl formatters and zones are
// module-internal maps; nothing here sets its Settings). Not zod: preloaded modules are
// deep-frozen, and zod resets `lastIndex` on its own shared format regexes (z.iso.date() …) when
// it checks a value — a TypeError in every workflow validator that checks a date (seen in
// test/workflows/complaint-decisions.test.ts). Using the imports keeps webpack from dropping them.
export const SHARED_LIBRARIES_READY = IANAZone.isValidZone('UTC') && typeof DateTime.fromISO === 'function'; // (no DateTime made: no clock outside a workflow)
