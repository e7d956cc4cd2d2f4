import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

// Loaded once per worker thread and shared, frozen, by every workflow (the bundle's
// `preloadModules`, worker/workflow-bundle.ts) instead of evaluated again for each cached workflow:
// zod and luxon were ~1 MiB of each workflow's heap. Neither keeps per-workflow state (luxon's
// caches are of Intl formatters and zones; nothing here sets luxon's Settings or zod's config).
// Parsing one schema here lets zod set its default locale and memoizer before it is frozen (it
// does so on its first schema otherwise, and a frozen config cannot take them); using the imports
// keeps webpack from dropping them (both libraries declare no side effects).
export const SHARED_LIBRARIES_READY =
  z.object({ at: z.iso.datetime(), n: z.string().min(1) }).safeParse({ at: '2026-01-01T00:00:00Z', n: 'x' })
    .success &&
  IANAZone.isValidZone('UTC') &&
  typeof DateTime.fromISO === 'function'; // (no DateTime made: no clock outside a workflow)
