import type { Billing } from './billing';
import type { Ehr } from './ehr';
import type { HospitalTransfer } from './hospital-transfer';
import type { Roster } from './roster';
import type { SmsSender } from './sms';
import type { StaffTasks } from './staff-tasks';
import type { Suppliers } from './suppliers';
import type { TrainingLibrary } from './training-library';
import type { Telephony } from './telephony';

/** Everything activities talk to outside the workflow engine. */
export interface Adapters {
  sms: SmsSender;
  telephony: Telephony;
  ehr: Ehr;
  hospitalTransfer: HospitalTransfer;
  roster: Roster;
  staffTasks: StaffTasks;
  billing: Billing;
  suppliers: Suppliers;
  trainingLibrary: TrainingLibrary;
}
