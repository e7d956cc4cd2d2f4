import type { ClinicCatalogue, StaffRole } from '../../domain/clinic';
import { onCallAt } from '../../domain/on-call';
import type { OnCallStaff, Roster } from '../roster';

/** Roster read from the clinic configuration file's on-call rota. */
export class ConfigRoster implements Roster {
  constructor(private readonly catalogue: ClinicCatalogue) {}

  async onCall(clinicId: string, role: StaffRole, at: Date): Promise<OnCallStaff[]> {
    const clinic = this.catalogue.clinics.find((c) => c.id === clinicId);
    if (!clinic) throw new Error(`unknown clinic "${clinicId}"`);
    return onCallAt(clinic.onCallRoster, role, at, clinic.timeZone).map(({ staffId, role, phone }) => ({
      staffId,
      role,
      phone,
    }));
  }
}
