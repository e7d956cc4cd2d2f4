// Every workflow the worker registers.
//
// Each one's modules are evaluated only when a workflow of that type runs. The SDK evaluates the
// modules a workflow uses once for every execution it keeps in its cache; re-exporting them all
// here made a medication course carry the journey's, the complaint's and zod (~1.5 MiB of heap
// each, measured with scratch evaluation of the bundle; issue 13). A `require` inside the function
// is synchronous and resolved by the bundler like an import; the workflow type names and
// signatures are those of the modules themselves.
/* eslint-disable @typescript-eslint/no-require-imports, no-restricted-globals -- lazy, see above */
import type * as CareJourney from './care-journey';
import type * as OnCallEscalation from './on-call-escalation';
import type * as HospitalTransfer from './hospital-transfer';
import type * as MedicationCourse from './medication-course';
import type * as MedicationReminders from './medication-reminders';
import type * as ReturnVisit from './return-visit';
import type * as Complaint from './complaint';
import type * as Contact from './contact';
import type * as QualityReport from './quality-report';

export function careJourney(...a: Parameters<typeof CareJourney.careJourney>) {
  return (require('./care-journey') as typeof CareJourney).careJourney(...a);
}
export function onCallEscalation(...a: Parameters<typeof OnCallEscalation.onCallEscalation>) {
  return (require('./on-call-escalation') as typeof OnCallEscalation).onCallEscalation(...a);
}
export function hospitalTransfer(...a: Parameters<typeof HospitalTransfer.hospitalTransfer>) {
  return (require('./hospital-transfer') as typeof HospitalTransfer).hospitalTransfer(...a);
}
export function medicationCourse(...a: Parameters<typeof MedicationCourse.medicationCourse>) {
  return (require('./medication-course') as typeof MedicationCourse).medicationCourse(...a);
}
export function medicationReminders(...a: Parameters<typeof MedicationReminders.medicationReminders>) {
  return (require('./medication-reminders') as typeof MedicationReminders).medicationReminders(...a);
}
export function returnVisit(...a: Parameters<typeof ReturnVisit.returnVisit>) {
  return (require('./return-visit') as typeof ReturnVisit).returnVisit(...a);
}
export function complaint(...a: Parameters<typeof Complaint.complaint>) {
  return (require('./complaint') as typeof Complaint).complaint(...a);
}
export function contact(...a: Parameters<typeof Contact.contact>) {
  return (require('./contact') as typeof Contact).contact(...a);
}
export function monthlyQualityReport(...a: Parameters<typeof QualityReport.monthlyQualityReport>) {
  return (require('./quality-report') as typeof QualityReport).monthlyQualityReport(...a);
}
