import { z } from 'zod';
import type { ContactAssessment } from './after-hours';
import { contactCaseId } from './case-ids';
import type { Clinic } from './clinic';
import { staffLanguageOf } from './clinic';
import type { Language } from './language';
import { LANGUAGES } from './language';
import { caseKey, phoneNumber } from './validation';

// A standalone contact: a call or message on the 24-hour line from someone without an active
// care journey, or an SMS from a number no running case knows. What the call centre sends, and
// what the contact workflow is given.

export const CONTACT_CHANNELS = ['phone', 'sms', 'voicemail'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const afterHoursContactRequestSchema = z
  .object({
    // The provider's call or message id, or the call centre's own: opaque, never a phone number.
    contactId: caseKey,
    channel: z.enum(CONTACT_CHANNELS),
    phone: phoneNumber,
    language: z.enum(LANGUAGES).optional(),
    // What the patient said, as the operator took it down.
    text: z.string().trim().min(1, 'must not be empty').max(1600),
    // The operator's judgement under the clinic's script.
    urgentFlag: z.boolean().optional(),
  })
  .strict();
export type AfterHoursContactRequest = z.output<typeof afterHoursContactRequestSchema>;

/** The API's answer about a contact: which case took it and how urgent it was judged. */
export const contactOutcomeSchema = z.object({
  contactId: z.string(),
  handledBy: z.enum(['journey', 'contact']),
  caseId: z.string(),
  urgency: z.enum(['emergency', 'urgent', 'non-urgent']),
});
export type ContactOutcome = z.infer<typeof contactOutcomeSchema>;

/** The clinic settings a contact needs, pinned at start like a journey's. */
export type ContactClinic = Pick<
  Clinic,
  'id' | 'name' | 'timeZone' | 'emergencyLine' | 'businessHours' | 'holidays' | 'escalationPolicies'
> & {
  /** Pages go out in it (absent in contacts started before it existed: English). */
  staffLanguage?: Language;
  /** Absent on contacts started before the clinic config had it: use emergencyNumberOf. */
  emergencyNumber?: string;
};

export interface ContactInput {
  caseId: string;
  contactId: string;
  clinic: ContactClinic;
  channel: ContactChannel;
  /** The 24-hour line (operator or provider), or an SMS from a number no case knows. */
  source: 'after-hours' | 'unmatched-sms';
  phone: string;
  language: Language;
  text: string;
  /** Decided by domain/after-hours.ts when the contact came in. */
  assessment: ContactAssessment;
}

export function toContactInput(
  clinic: Clinic,
  contact: {
    contactId: string;
    channel: ContactChannel;
    source: ContactInput['source'];
    phone: string;
    language?: Language;
    text: string;
  },
  assessment: ContactAssessment,
): ContactInput {
  return {
    caseId: contactCaseId(clinic.id, contact.contactId),
    contactId: contact.contactId,
    clinic: {
      id: clinic.id,
      name: clinic.name,
      timeZone: clinic.timeZone,
      emergencyLine: clinic.emergencyLine,
      emergencyNumber: clinic.emergencyNumber,
      businessHours: clinic.businessHours,
      holidays: clinic.holidays,
      escalationPolicies: clinic.escalationPolicies,
      staffLanguage: staffLanguageOf(clinic),
    },
    channel: contact.channel,
    source: contact.source,
    phone: contact.phone,
    language: contact.language ?? clinic.defaultLanguage ?? 'en',
    text: contact.text,
    assessment,
  };
}
