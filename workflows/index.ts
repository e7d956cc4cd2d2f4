// Every workflow the worker registers.
export { careJourney } from './care-journey';
export { onCallEscalation } from './on-call-escalation';
export { hospitalTransfer } from './hospital-transfer';
export { medicationCourse } from './medication-course';
export { returnVisit } from './return-visit';
export { complaint } from './complaint';
export { contact } from './contact';
