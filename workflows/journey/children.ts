import { getExternalWorkflowHandle, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import type { ChildWorkflowHandle } from '@temporalio/workflow';
import { localDate } from '../../domain/calendar';
import { emergencyNumberOf } from '../../domain/emergency-numbers';
import type {
  AdherenceSummary,
  CareJourneyInput,
  IncidentSummary,
  TransferSummary,
  VisitSummary,
} from '../../domain/journey';
import { ROUTINE, URGENT } from '../activity-proxy';
import { whyChildFailed } from '../failures';
// Types only: a child is started by its workflow type's name, so the journey's code does not
// carry the children's modules (each cached journey evaluates its own; issue 13).
import type { hospitalTransfer } from '../hospital-transfer';
import type { medicationCourse } from '../medication-course';
import type { medicationReminders } from '../medication-reminders';
import type { onCallEscalation } from '../on-call-escalation';
import type { returnVisit } from '../return-visit';
import type { JourneyContext } from './context';
import { CHILDREN_STARTED_TOGETHER, ONE_MEDICATION_WORKFLOW } from './patches';

// The journey's children: on-call escalations, hospital transfers, medication courses and
// return visits. Started here, watched here, and their reports (signals) applied here.

export type JourneyChildren = ReturnType<typeof createChildren>;

export function createChildren(j: JourneyContext) {
  const { id, input, s } = j;

  /** A running child (or one that has ended: signals to it then fail). */
  const handle = (workflowId: string) => getExternalWorkflowHandle(workflowId);
  const visitWorkflowId = (visitId: string) => `${id}:visit-${visitId}`;

  /**
   * A child that fails (a bug, an operator's terminate or cancel) is reported to the journey twice
   * over: by the child itself (reportingFailure in workflows/parent.ts, which reaches this
   * journey's later runs too) and here, by its handle, while this run lasts. Both land in the
   * same handlers, which take a failure once.
   */
  const watchChild = (child: { result(): Promise<unknown> }, failed: (why: string) => void) => {
    child.result().then(
      () => undefined,
      (err: unknown) => {
        if (!j.terminal()) failed(whyChildFailed(err));
      },
    );
  };

  async function startEscalation(severity: 'urgent' | 'emergency', reasons: string[]): Promise<void> {
    const policyId = severity === 'urgent' ? j.protocol.escalation.urgent : j.protocol.escalation.emergency;
    const policy = input.clinic.escalationPolicies.find((p) => p.id === policyId);
    const incidentId = `${id}:incident-${++j.memory.counters.incident}`;
    if (!policy) {
      j.openTask(
        'director',
        'director',
        `No escalation policy "${policyId}" configured: call the patient now`,
        j.now(),
      );
      return;
    }
    s.escalations.push({ incidentId, severity, status: 'paging', startedAt: j.now().toISOString() });
    j.note('escalation-started', `${incidentId} (${severity}, policy ${policy.id}): ${reasons.join('; ')}`);
    j.syncSearchAttributes();
    const child = await startChild<typeof onCallEscalation>('onCallEscalation', {
      workflowId: incidentId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `On-call escalation (${severity})`,
      priority: URGENT, // its workflow tasks and pages go before bulk work
      args: [
        {
          incidentId,
          journeyId: id,
          clinicId: input.clinic.id,
          clinicName: input.clinic.name,
          emergencyLine: input.clinic.emergencyLine,
          emergencyNumber: emergencyNumberOf(input.clinic),
          severity,
          reasons,
          policy,
          patient: { phone: input.patient.phone, language: input.patient.language, optedOut: s.optedOut },
          staffLanguage: input.clinic.staffLanguage ?? 'en',
        },
      ],
    });
    watchChild(child, (failure) =>
      incidentReported({
        incidentId,
        severity,
        status: failure === 'cancelled' ? 'cancelled' : 'failed',
        startedAt: j.now().toISOString(),
        failure,
      }),
    );
  }

  async function startTransfer(reason: string): Promise<void> {
    const transferId = `${id}:transfer-${++j.memory.counters.transfer}`;
    s.transfers.push({ transferId, status: 'awaiting-doctor' });
    j.note(
      'transfer-started',
      `${transferId}: ${reason} (a doctor may cancel within ${input.transferHoldMinutes} min)`,
    );
    const child = await startChild<typeof hospitalTransfer>('hospitalTransfer', {
      workflowId: transferId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: 'Hospital transfer',
      priority: URGENT,
      args: [
        {
          transferId,
          journeyId: id,
          clinicName: input.clinic.name,
          surgeryId: input.surgery.id,
          reason,
          requiredCapabilities: j.protocol.transferCapabilities,
          hospitals: input.clinic.partnerHospitals,
          holdMinutes: input.transferHoldMinutes,
          patient: {
            ref: input.patient.ref,
            phone: input.patient.phone,
            language: input.patient.language,
            optedOut: s.optedOut,
          },
        },
      ],
    });
    watchChild(child, (failure) =>
      transferReported({ transferId, status: failure === 'cancelled' ? 'cancelled' : 'failed', failure }),
    );
  }

  /**
   * The medication courses and return visits of the prescription and the plan. Since
   * CHILDREN_STARTED_TOGETHER they are started in one workflow task (one command each, in the same
   * order) instead of one task per child; journeys started before replay them one by one.
   */
  async function startCoursesAndVisits(): Promise<void> {
    if (j.has(CHILDREN_STARTED_TOGETHER)) {
      const courses =
        input.prescriptions.length === 0
          ? []
          : j.has(ONE_MEDICATION_WORKFLOW)
            ? [startMedicationReminders()]
            : input.prescriptions.map(startCourse);
      await Promise.all([...courses, ...input.returnVisits.map(startVisit)]);
      return;
    }
    // Exactly the old sequence: each start awaited right here in the loop. One more async layer
    // around it let a side-effect lane woken in the same task schedule its activity before the
    // next child (a running journey's history then no longer replays).
    for (const prescription of input.prescriptions) {
      const { courseId, started } = beginCourse(prescription);
      watchCourse(await started, courseId);
    }
    for (const visit of input.returnVisits) watchVisit(await beginVisit(visit), visit);
  }

  async function startCourse(prescription: CareJourneyInput['prescriptions'][number]): Promise<void> {
    const { courseId, started } = beginCourse(prescription);
    watchCourse(await started, courseId);
  }

  async function startVisit(visit: CareJourneyInput['returnVisits'][number]): Promise<void> {
    watchVisit(await beginVisit(visit), visit);
  }

  const courseIdOf = (prescription: CareJourneyInput['prescriptions'][number]) =>
    `${id}:medication-${prescription.id}`;
  const startDateOf = (prescription: CareJourneyInput['prescriptions'][number]) =>
    prescription.startDate ?? localDate(j.tz, j.surgeryAt);
  // Doses due since then are reminded even when the course starts late (a backlog).
  const registeredAt = () => input.registeredAt ?? workflowInfo().startTime.toISOString();
  const medicationPatient = () => ({
    phone: input.patient.phone,
    language: input.patient.language,
    timeZone: j.tz,
    optedOut: s.optedOut,
  });
  const addAdherence = (courseId: string, prescription: CareJourneyInput['prescriptions'][number]) =>
    s.adherence.push({
      courseId,
      medication: prescription.name,
      scheduled: 0,
      taken: 0,
      missed: 0,
      status: 'active',
    });

  /** Every prescription's course in one workflow (ONE_MEDICATION_WORKFLOW). */
  async function startMedicationReminders(): Promise<void> {
    const workflowId = `${id}:medication`;
    const courses = input.prescriptions.map((prescription) => ({
      courseId: courseIdOf(prescription),
      prescription,
      startDate: startDateOf(prescription),
    }));
    for (const c of courses) addAdherence(c.courseId, c.prescription);
    j.memory.medicationWorkflowId = workflowId;
    const child = await startChild<typeof medicationReminders>('medicationReminders', {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: 'Medication reminders',
      priority: ROUTINE,
      args: [
        {
          journeyId: id,
          clinicName: input.clinic.name,
          courses,
          quietHours: input.clinic.quietHours,
          registeredAt: registeredAt(),
          patient: medicationPatient(),
          oneReportPerDose: true,
        },
      ],
    });
    watchChild(child, (failure) => {
      for (const { courseId } of courses)
        courseStopped(courseId, failure === 'cancelled' ? 'cancelled' : 'failed', failure);
    });
  }

  /** The workflows that run the active courses: the one for them all, or one each (older journeys). */
  function courseWorkflows(): string[] {
    const active = j.activeCourses();
    if (active.length === 0) return [];
    return j.memory.medicationWorkflowId ? [j.memory.medicationWorkflowId] : active.map((c) => c.courseId);
  }

  /** The course's start command (its adherence entry first); not awaited here. */
  function beginCourse(prescription: CareJourneyInput['prescriptions'][number]) {
    const courseId = courseIdOf(prescription);
    addAdherence(courseId, prescription);
    const started = startChild<typeof medicationCourse>('medicationCourse', {
      workflowId: courseId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: 'Medication reminders',
      priority: ROUTINE,
      args: [
        {
          courseId,
          journeyId: id,
          clinicName: input.clinic.name,
          prescription,
          startDate: startDateOf(prescription),
          quietHours: input.clinic.quietHours,
          registeredAt: registeredAt(),
          patient: medicationPatient(),
        },
      ],
    });
    return { courseId, started };
  }

  function watchCourse(course: ChildWorkflowHandle<typeof medicationCourse>, courseId: string): void {
    watchChild(course, (failure) =>
      courseStopped(courseId, failure === 'cancelled' ? 'cancelled' : 'failed', failure),
    );
  }

  /** The return visit's start command; not awaited here. */
  function beginVisit(visit: CareJourneyInput['returnVisits'][number]) {
    return startChild<typeof returnVisit>('returnVisit', {
      workflowId: visitWorkflowId(visit.id),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: 'Return visit',
      priority: ROUTINE,
      args: [
        {
          journeyId: id,
          clinicId: input.clinic.id,
          clinicName: input.clinic.name,
          visit,
          noticeDaysBefore: j.protocol.returnVisit.noticeDaysBefore,
          reconfirmDaysBefore: j.protocol.returnVisit.reconfirmDaysBefore,
          quietHours: input.clinic.quietHours,
          patient: {
            ref: input.patient.ref,
            phone: input.patient.phone,
            language: input.patient.language,
            timeZone: j.tz,
            optedOut: s.optedOut,
          },
        },
      ],
    });
  }

  function watchVisit(
    child: ChildWorkflowHandle<typeof returnVisit>,
    visit: CareJourneyInput['returnVisits'][number],
  ): void {
    watchChild(child, (failure) =>
      visitStopped(
        {
          visitId: visit.id,
          at: new Date(visit.at).toISOString(),
          status: failure === 'cancelled' ? 'cancelled' : 'failed',
        },
        failure,
      ),
    );
  }

  // ---- reports

  // A child's report may close what kept the journey open past its follow-up: look again.
  const reported = () => {
    if (j.inLanes) j.dirty = true; // (before: the loop polled every 1 ms while anything was open)
  };

  function incidentReported(update: IncidentSummary): void {
    if (j.terminal()) return; // the journey is closing: the child's last word changes nothing
    const incident = s.escalations.find((e) => e.incidentId === update.incidentId);
    if (!incident) return;
    const stopped = update.status === 'failed' || update.status === 'cancelled';
    // The child and its handle both report a failure: take it once; a late report never revives it.
    if (incident.status === 'failed' || (stopped && incident.status === update.status)) return;
    Object.assign(incident, stopped ? { status: update.status, failure: update.failure } : update);
    j.note(
      `escalation-${update.status}`,
      update.acknowledgedBy
        ? `${update.incidentId} by ${update.acknowledgedBy} after ${update.ackLatencySeconds}s` +
            (update.ackSincePageSeconds !== undefined
              ? ` (${update.ackSincePageSeconds}s after the page)`
              : '')
        : update.failure
          ? `${update.incidentId}: ${update.failure}`
          : update.incidentId,
    );
    if (update.status === 'exhausted') {
      j.openTask(
        'director',
        'director',
        update.patientTold === 'not-reached'
          ? `Incident ${update.incidentId}: nobody acknowledged and the patient could not be told to call emergency services: call the patient now`
          : `Incident ${update.incidentId}: nobody acknowledged; call the patient now`,
        j.now(),
      );
    } else if (stopped) {
      j.openTask(
        'director',
        'director',
        `Incident ${update.incidentId}: the escalation stopped (${update.failure ?? update.status}) and nobody is being paged: call the on-call doctor and the patient now`,
        j.now(),
      );
    }
    j.syncSearchAttributes();
  }

  function transferReported(update: TransferSummary): void {
    if (j.terminal()) return; // the journey is closing: the child's last word changes nothing
    const transfer = s.transfers.find((t) => t.transferId === update.transferId);
    if (!transfer) return;
    if (update.patientNotTold && !transfer.patientNotTold) {
      j.openTask(
        'nurse-call',
        'nurse',
        `Transfer ${update.transferId}: the patient could not be told by SMS where to go: call the patient`,
        j.now(),
      );
    }
    if (transfer.status === update.status || transfer.status === 'failed') {
      Object.assign(transfer, transfer.status === 'failed' ? {} : update);
      return;
    }
    Object.assign(transfer, update);
    j.note(
      `transfer-${update.status}`,
      update.hospitalId ??
        update.awaitingHospitalId ??
        `${update.transferId}${update.failure ? `: ${update.failure}` : ''}`,
    );
    // `failure`: the transfer workflow itself stopped (a bug, an operator), whatever its status.
    if (
      update.status === 'no-hospital' ||
      update.status === 'handover-unconfirmed' ||
      update.status === 'failed' ||
      update.failure
    ) {
      j.openTask(
        'director',
        'director',
        `Transfer ${update.transferId}: ${update.status}${update.failure ? ` (${update.failure})` : ''}; arrange by phone`,
        j.now(),
      );
    }
  }

  /** A medication course that stopped on an error: reminders no longer go out, a nurse takes over. */
  function courseStopped(courseId: string, status: 'failed' | 'cancelled', why: string): void {
    const course = s.adherence.find((a) => a.courseId === courseId);
    if (!course || course.status === 'failed' || course.status === status) return;
    course.status = status;
    j.note(`medication-${status}`, `${courseId}: ${why}`);
    j.openTask(
      'missed-doses',
      'nurse',
      `Medication reminders for ${course.medication} stopped (${why}): remind the patient by phone`,
      j.nextBusiness(j.now()),
    );
  }

  function courseReported({ alert, ...update }: AdherenceSummary & { alert?: string }): void {
    if (j.terminal()) return; // the journey is closing: the child's last word changes nothing
    // A failure report carries only its status: the counts the journey has stay.
    if (update.status === 'failed' || update.status === 'cancelled')
      return courseStopped(update.courseId, update.status, 'reported by the course');
    const course = s.adherence.find((a) => a.courseId === update.courseId);
    if (course) Object.assign(course, update);
    if (alert)
      j.openTask(
        'missed-doses',
        'nurse',
        `${alert}: call the patient (nurse or pharmacist)`,
        j.nextBusiness(j.now()),
      );
  }

  /** A return-visit workflow that stopped on an error: the front desk confirms the visit by phone. */
  function visitStopped(update: VisitSummary, why: string): void {
    if (j.terminal()) return;
    const visit = s.returnVisits.find((v) => v.visitId === update.visitId);
    if (!visit || visit.status === 'failed' || visit.status === update.status) return;
    if (['attended', 'no-show', 'cancelled'].includes(visit.status)) return; // it had ended already
    visit.status = update.status;
    j.note(`visit-${update.status}`, `${update.visitId}: ${why}`);
    j.openTask(
      'front-desk',
      'front-desk',
      `Return visit ${update.visitId}: reminders stopped (${why}); confirm the visit with the patient by phone`,
      j.nextBusiness(j.now()),
    );
  }

  function visitReported({
    task,
    ...update
  }: VisitSummary & { task?: { role: 'front-desk' | 'nurse'; summary: string } }): void {
    if (j.terminal()) return; // the journey is closing: the child's last word changes nothing
    if (update.status === 'failed' || update.status === 'cancelled')
      return visitStopped(update, 'reported by the visit workflow');
    const visit = s.returnVisits.find((v) => v.visitId === update.visitId);
    if (visit && (visit.status !== update.status || visit.at !== update.at))
      j.note(`visit-${update.status}`, `${update.visitId} at ${update.at}`);
    if (visit) Object.assign(visit, update);
    if (task) j.openTask('front-desk', task.role, task.summary, j.nextBusiness(j.now()));
  }

  /** The children that message the patient and must hear of an opt-out. */
  function toTellOfOptOut(): string[] {
    return [
      ...courseWorkflows(),
      ...s.returnVisits
        .filter((v) => !['attended', 'cancelled'].includes(v.status))
        .map((v) => visitWorkflowId(v.visitId)),
    ];
  }

  // ---- the end

  /** The children to stop when staff end the journey: a cancelled one stops its incidents and transfers too. */
  function toStopAtFinish(stage: 'closed-early' | 'cancelled'): string[] {
    const children = [
      ...courseWorkflows(),
      ...s.returnVisits
        .filter((v) => !['attended', 'cancelled', 'no-show'].includes(v.status))
        .map((v) => visitWorkflowId(v.visitId)),
    ];
    if (stage === 'cancelled') {
      children.push(...s.openEscalations.map((e) => e.incidentId));
      children.push(
        ...s.transfers
          .filter((t) => ['awaiting-doctor', 'referring'].includes(t.status))
          .map((t) => t.transferId),
      );
    }
    return children;
  }

  /** After they were stopped: no course or visit shows as live. */
  function markStopped(): void {
    for (const c of j.activeCourses()) c.status = 'cancelled';
    for (const v of s.returnVisits) if (!['attended', 'no-show'].includes(v.status)) v.status = 'cancelled';
  }

  return {
    handle,
    visit: (visitId: string) => handle(visitWorkflowId(visitId)),
    startEscalation,
    startTransfer,
    startCoursesAndVisits,
    courseWorkflows,
    incidentReported: (update: IncidentSummary) => {
      incidentReported(update);
      reported();
    },
    transferReported: (update: TransferSummary) => {
      transferReported(update);
      reported();
    },
    courseReported,
    visitReported,
    toTellOfOptOut,
    toStopAtFinish,
    markStopped,
  };
}
