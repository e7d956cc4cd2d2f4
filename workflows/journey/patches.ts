// The care journey's patched() markers: each guards a change made while journeys were running,
// so that their recorded histories still replay (README "Tests"). The strings are in histories:
// never rename one. A journey asks them through `JourneyContext.has`: see JOURNEY_2026_12.

/**
 * Every change below at once. A journey started since asks patched() this once, when it opens,
 * instead of once per change: each patched() that applies is a marker and a
 * TemporalChangeVersion search-attribute upsert in the history (the SDK adds it), i.e. two
 * events and a visibility write on the server; a new journey made five in its first two tasks
 * (issue 13). A journey started before finds no such marker and asks each change as it did. A
 * change made after this one is asked on its own, as before (or bundled into a newer one).
 */
export const JOURNEY_2026_12 = 'journey-2026-12';

/** Every reply's triage and every unanswered check-in is written to the EHR. */
export const OUTCOMES_IN_EHR = 'outcomes-in-ehr';
/** A low survey score starts a complaint workflow instead of a management task. */
export const SURVEY_OPENS_COMPLAINT = 'survey-opens-complaint';
/**
 * Queued side effects run in lanes beside the loop, so a reply is triaged and escalated in the
 * task it arrives in whatever the providers do; before, the loop awaited them.
 */
export const WORK_IN_LANES = 'work-in-lanes';
/** Check-ins whose window passed before a late registration are skipped-late. */
export const LATE_CHECK_INS_SKIPPED = 'late-check-ins-skipped';
/**
 * Replies are triaged before the survey reads them, and pleas for help or unreadable replies
 * get a nurse callback soon. Replies read before it replay as read then.
 */
export const REPLIES_TRIAGED_FIRST = 'replies-triaged-first';
/** The loop's timer is kept when it wakes early (see `Alarm`), not cancelled. */
export const ALARM_KEPT = 'alarm-kept';
/**
 * The provider's receipts of an SMS or call the patient never got are acted on (receipts.ts):
 * urgent words by phone, the rest by a nurse. Receipts only exist from this change on.
 */
export const DELIVERY_RECEIPTS = 'delivery-receipts';
/** A new journey's medication courses and return visits start in one workflow task, not one each. */
export const CHILDREN_STARTED_TOGETHER = 'children-started-together';
/**
 * A new journey's medication courses run together in one medicationReminders workflow, not one
 * medicationCourse workflow each (issue 13: a sleeping workflow's memory, a child start each).
 */
export const ONE_MEDICATION_WORKFLOW = 'one-medication-workflow';
/** A new journey's fixed and live search attributes are one upsert, not two. */
export const SEARCH_ATTRIBUTES_AT_ONCE = 'search-attributes-at-once';
