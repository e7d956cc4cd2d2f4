import type { ClinicCatalogue } from '../../domain/clinic';
import type { Adapters } from '../index';
import { ConfigRoster } from './config-roster';
import { Outbox } from './outbox';
import { OutboxBilling, OutboxSuppliers, OutboxTrainingLibrary } from './outbox-complaint-operations';
import { OutboxEhr } from './outbox-ehr';
import { OutboxHospitalTransfer } from './outbox-hospital-transfer';
import { OutboxSms } from './outbox-sms';
import { OutboxStaffTasks } from './outbox-staff-tasks';
import { OutboxTelephony } from './outbox-telephony';

/** The embedded default: every outbound action lands in the outbox file. */
export function createDevAdapters(outboxFile: string, catalogue: ClinicCatalogue): Adapters {
  const outbox = new Outbox(outboxFile);
  return {
    sms: new OutboxSms(outbox),
    telephony: new OutboxTelephony(outbox),
    ehr: new OutboxEhr(outbox, catalogue),
    hospitalTransfer: new OutboxHospitalTransfer(outbox),
    roster: new ConfigRoster(catalogue),
    staffTasks: new OutboxStaffTasks(outbox),
    billing: new OutboxBilling(outbox),
    suppliers: new OutboxSuppliers(outbox),
    trainingLibrary: new OutboxTrainingLibrary(outbox),
  };
}
