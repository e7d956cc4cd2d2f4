import { ApplicationFailure } from '@temporalio/common';
import type { Adapters } from '../../adapters';
import { PermanentDeliveryError } from '../../adapters/delivery-error';
import type { VisitBooking } from '../../adapters/ehr';
import { RETRY_POLICIES } from '../../workflows/activity-proxy';
import type { RetryPolicyName } from '../../workflows/activity-proxy';
import { clinics } from './fixtures';

// Failing providers for fault tests: wraps the dev adapters (JourneyHarness's `adapt`) so that a
// chosen adapter call fails, either transiently (a retryable error on every attempt, for as long
// as the fault is set: longer than any retry budget, or only its first `times` attempts) or
// permanently (PermanentDeliveryError for deliveries, a non-retryable failure for reads and
// back-office calls). Faults are switched per test.

/** The adapter calls on the red-flag path. */
export type FaultPoint =
  | 'patient-sms' // sms.send to a patient
  | 'patient-call' // telephony.placeCall to a patient
  | 'page-call' // telephony.placeCall with a keypad acknowledgement (a page)
  | 'page-sms' // sms.send to a phone on the on-call roster (a page)
  | 'roster' // roster.onCall
  | 'referral-packet' // ehr.referralPacket
  | 'referral' // hospitalTransfer.sendReferral
  | 'billing' // billing.request (detail: the kind, refund / compensation / fee-waiver)
  | 'supplier' // suppliers.notify (detail: the supplier id)
  | 'booking'; // ehr.bookVisit (detail: the visit id)

export type FaultKind = 'transient' | 'permanent';

const STAFF_PHONES = new Set(clinics.clinics.flatMap((c) => c.onCallRoster.map((r) => r.phone)));

export class Faults {
  private readonly active = new Map<
    FaultPoint,
    { kind: FaultKind; when: (detail: string, key: string) => boolean; times: number }
  >();
  /** Failed attempts per point (every retry counts). */
  readonly attempts = new Map<FaultPoint, number>();

  /** `times`: only that many attempts fail (counted per point), then the adapter works again. */
  set(
    point: FaultPoint,
    kind: FaultKind,
    when: (detail: string, key: string) => boolean = () => true,
    times = Infinity,
  ): this {
    this.active.set(point, { kind, when, times });
    return this;
  }

  clear(): void {
    this.active.clear();
    this.attempts.clear();
  }

  /** Throw if `point` is failing for `detail` (a recipient or hospital id) and idempotency `key`. */
  check(point: FaultPoint, detail: string, delivery: boolean, key = ''): void {
    const fault = this.active.get(point);
    if (!fault || !fault.when(detail, key) || (this.attempts.get(point) ?? 0) >= fault.times) return;
    this.attempts.set(point, (this.attempts.get(point) ?? 0) + 1);
    if (fault.kind === 'transient') throw new Error(`simulated ${point} outage`);
    if (delivery) throw new PermanentDeliveryError(`simulated ${point} rejection`, 'rejected');
    throw ApplicationFailure.create({
      message: `simulated ${point} failure`,
      type: 'Simulated',
      nonRetryable: true,
    });
  }

  /** The `adapt` function for JourneyHarness. */
  adapt = (dev: Adapters): Adapters => ({
    ...dev,
    sms: {
      send: async (m) => {
        this.check(STAFF_PHONES.has(m.to) ? 'page-sms' : 'patient-sms', m.to, true, m.idempotencyKey);
        return dev.sms.send(m);
      },
    },
    telephony: {
      placeCall: async (c) => {
        this.check(c.acknowledgeDigit ? 'page-call' : 'patient-call', c.to, true, c.idempotencyKey);
        return dev.telephony.placeCall(c);
      },
    },
    roster: {
      onCall: async (clinicId, role, at) => {
        this.check('roster', role, false);
        return dev.roster.onCall(clinicId, role, at);
      },
    },
    ehr: Object.assign(Object.create(dev.ehr) as Adapters['ehr'], {
      referralPacket: async (patientRef: string, surgeryId: string) => {
        this.check('referral-packet', patientRef, false);
        return dev.ehr.referralPacket(patientRef, surgeryId);
      },
      bookVisit: async (b: VisitBooking) => {
        this.check('booking', b.visitId, false, b.idempotencyKey);
        return dev.ehr.bookVisit(b);
      },
    }),
    hospitalTransfer: {
      sendReferral: async (r) => {
        this.check('referral', r.hospitalId, true);
        return dev.hospitalTransfer.sendReferral(r);
      },
    },
    billing: {
      request: async (r) => {
        this.check('billing', r.kind, false, r.idempotencyKey);
        return dev.billing.request(r);
      },
    },
    suppliers: {
      notify: async (n) => {
        this.check('supplier', n.supplierId, false, n.idempotencyKey);
        return dev.suppliers.notify(n);
      },
    },
  });
}

/** A policy's retry budget in milliseconds: the worst case from its first attempt to giving up. */
export function budgetMs(policy: RetryPolicyName): number {
  return RETRY_POLICIES[policy].budgetMs;
}
