import type { Protocol } from '../protocol';
import type { ProtocolDocument } from './define';
import { defineProtocol } from './define';

// Rhinoplasty aftercare. Main risks: nasal bleeding (first two weeks), septal haematoma (severe
// pain, swelling), airway compromise under the splint and packing, infection (days 2-14).
// The splint comes off around day 7; swelling settles over weeks.

const V1: ProtocolDocument = {
  id: 'rhinoplasty@1',
  procedureCode: 'rhinoplasty',
  version: 1,
  title: 'Rhinoplasty aftercare (42 days)',
  followUpDays: 42,
  checkIns: [
    {
      id: 'first-night',
      offsetHours: 18,
      channel: 'sms',
      questionSet: 'first-night',
      replyWindowHours: 6,
      noReply: 'reminder-then-nurse-call',
    },
    {
      id: 'nurse-call-day-2',
      offsetHours: 48,
      channel: 'nurse-call',
      questionSet: 'wound',
      replyWindowHours: 4,
      noReply: 'nurse-call',
    },
    {
      id: 'day-7',
      offsetHours: 7 * 24,
      channel: 'sms',
      questionSet: 'swelling',
      replyWindowHours: 12,
      noReply: 'reminder-then-nurse-call',
    },
    {
      id: 'day-14',
      offsetHours: 14 * 24,
      channel: 'sms',
      questionSet: 'recovery',
      replyWindowHours: 12,
      noReply: 'reminder-then-nurse-call',
    },
    {
      id: 'day-30',
      offsetHours: 30 * 24,
      channel: 'sms',
      questionSet: 'recovery',
      replyWindowHours: 12,
      noReply: 'reminder-then-nurse-call',
    },
  ],
  redFlags: [
    {
      id: 'heavy-bleeding',
      fromDay: 0,
      toDay: 14,
      when: { symptom: 'bleeding', atLeast: 'heavy' },
      severity: 'emergency',
      reason: 'Heavy nasal bleeding after rhinoplasty',
    },
    {
      id: 'breathing-difficulty',
      fromDay: 0,
      toDay: 42,
      when: { symptom: 'breathingDifficulty' },
      severity: 'emergency',
      reason: 'Difficulty breathing: possible airway obstruction or allergic reaction',
    },
    {
      id: 'allergic-reaction',
      fromDay: 0,
      toDay: 42,
      when: { symptom: 'allergicReaction' },
      severity: 'emergency',
      reason: 'Signs of a severe allergic reaction (hives, swollen lips, tongue or throat)',
    },
    {
      id: 'infection-fever',
      fromDay: 2,
      toDay: 14,
      when: { symptom: 'fever', atLeastC: 38.0 },
      severity: 'urgent',
      reason: 'Possible infection: fever of 38.0 °C or higher',
    },
    {
      id: 'early-fever',
      fromDay: 0,
      toDay: 1,
      when: { symptom: 'fever', atLeastC: 38.5 },
      severity: 'concern',
      reason: 'High temperature in the first two days: usually a reaction to surgery, a nurse should check',
    },
    {
      id: 'severe-pain',
      fromDay: 0,
      toDay: 42,
      when: { symptom: 'pain', atLeast: 8 },
      severity: 'urgent',
      reason: 'Severe pain not relieved by the prescribed painkillers: possible septal haematoma',
    },
    {
      id: 'raised-pain',
      fromDay: 0,
      toDay: 42,
      when: { symptom: 'pain', atLeast: 6 },
      severity: 'concern',
      reason: 'More pain than expected at this stage of recovery',
    },
    {
      id: 'early-swelling',
      fromDay: 0,
      toDay: 3,
      when: { symptom: 'swelling', atLeast: 'severe' },
      severity: 'concern',
      reason: 'Marked swelling in the first days: check head elevation and cold compresses',
    },
    {
      id: 'late-swelling',
      fromDay: 4,
      toDay: 42,
      when: { symptom: 'swelling', atLeast: 'severe' },
      severity: 'urgent',
      reason: 'Severe swelling after day 3: possible haematoma or infection',
    },
    {
      id: 'ongoing-oozing',
      fromDay: 3,
      toDay: 14,
      when: { symptom: 'bleeding', atLeast: 'light' },
      severity: 'concern',
      reason: 'Nasal oozing that continues after day 2',
    },
  ],
  medicationDefaults: [
    { name: 'Cefalexin', dose: '500 mg', times: ['08:00', '20:00'], days: 5 },
    { name: 'Acetaminophen', dose: '500 mg', times: ['08:00', '14:00', '20:00'], days: 5 },
  ],
  returnVisit: { noticeDaysBefore: 7, reconfirmDaysBefore: 1 },
  survey: { offsetDays: 40, complaintAtOrBelow: 3 },
  escalation: { urgent: 'urgent', emergency: 'emergency' },
  transferCapabilities: ['airway', 'haemorrhage'],
};

export const RHINOPLASTY_V1: Protocol = defineProtocol(V1);

// Version 2 (for migration) closes the gap between the day-14 and day-30 check-ins, when late
// bleeding and a slow-burning infection can still show up:
// - adds a day-21 check-in;
// - extends the heavy-bleeding rule from day 14 to day 21;
// - lowers the infection-fever threshold from 38.0 to 37.8 °C and extends it to day 21, so a
//   low-grade fever is caught earlier.
// Everything else is version 1 unchanged. Check-in and rule ids are kept from version 1 so a
// running journey can be migrated rule by rule.
const DAY_21_CHECK_IN = {
  id: 'day-21',
  offsetHours: 21 * 24,
  channel: 'sms',
  questionSet: 'recovery',
  replyWindowHours: 12,
  noReply: 'reminder-then-nurse-call',
} as const;

export const RHINOPLASTY_V2: Protocol = defineProtocol({
  ...V1,
  id: 'rhinoplasty@2',
  version: 2,
  title: 'Rhinoplasty aftercare (42 days, day-21 check-in)',
  checkIns: [...V1.checkIns, DAY_21_CHECK_IN].sort((a, b) => a.offsetHours - b.offsetHours),
  redFlags: V1.redFlags.map((rule) => {
    switch (rule.id) {
      case 'heavy-bleeding':
        return { ...rule, toDay: 21 };
      case 'infection-fever':
        return {
          ...rule,
          toDay: 21,
          when: { symptom: 'fever', atLeastC: 37.8 },
          reason: 'Possible infection: fever of 37.8 °C or higher',
        };
      default:
        return rule;
    }
  }),
});
