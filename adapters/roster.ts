import type { StaffRole } from '../domain/clinic';

// Who is on call for a role at a moment, from the clinic's rota.
export interface OnCallStaff {
  staffId: string;
  role: StaffRole;
  phone: string;
}

export interface Roster {
  onCall(clinicId: string, role: StaffRole, at: Date): Promise<OnCallStaff[]>;
}
