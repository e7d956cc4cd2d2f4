import { z } from 'zod';
import records from '../../config/ehr-records.json';

// The development EHR's patient records: what a referral packet is built from when no real EHR
// is connected. Validated at load so a typo in the file is caught at start.
const ehrRecordsSchema = z
  .object({
    patients: z.record(
      z.string(),
      z
        .object({
          history: z.array(z.string()),
          allergies: z.array(z.string()),
          medication: z.array(z.string()),
          surgeries: z.record(z.string(), z.string()),
        })
        .strict(),
    ),
  })
  .strict();

export type EhrRecords = z.infer<typeof ehrRecordsSchema>;

export const DEV_EHR_RECORDS: EhrRecords = ehrRecordsSchema.parse(records);
