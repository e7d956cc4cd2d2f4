import type { Role } from '../../domain/access';
import { mayDo } from '../../domain/access';
import type { JourneyState, TimelineEntry } from '../../domain/journey';
import type { Language } from '../../domain/language';
import type { ComplaintState } from '../../workflows/complaint-definitions';
import { choicesOf } from './complaint-board';
import { complaintTasks } from './complaint-tasks';
import { escapeHtml } from './pages';
import { eventWord } from './timeline-words';
import type { WordKey } from './words';
import { word, WORDS } from './words';

// The case page's content: the journey's or complaint's current stage, its open tasks and
// incidents, what the signed-in role may decide there, and its timeline (newest first) in the
// staff member's language. Event kinds and stages are translated; what staff wrote is as written.
// A complaint's decisions are its board card (case.js), so both pages send the same decisions.

type T = (key: WordKey, vars?: Record<string, string | number>) => string;

interface CaseView {
  language: Language;
  timeZone: string;
  role: Role;
  now: Date;
}

const item = (text: string) => `<li>${escapeHtml(text)}</li>`;
const list = (items: string[], none: string) =>
  items.length ? `<ul class="case-list">${items.join('')}</ul>` : `<p class="quiet">${escapeHtml(none)}</p>`;

function timeline(entries: TimelineEntry[], v: CaseView, t: T): string {
  const at = new Intl.DateTimeFormat(v.language, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: v.timeZone,
  });
  const rows = [...entries]
    .reverse()
    .map(
      (e) =>
        `<tr data-event="${escapeHtml(e.event)}"><td>${escapeHtml(at.format(new Date(e.at)))}</td><td>${escapeHtml(
          eventWord(v.language, e.event),
        )}</td><td>${escapeHtml(e.detail ?? '')}</td><td>${escapeHtml(e.by ?? '')}</td></tr>`,
    )
    .join('');
  return `<section><h2>${escapeHtml(t('timeline'))}</h2><div class="table"><table id="timeline">
<thead><tr><th>${escapeHtml(t('when'))}</th><th>${escapeHtml(t('what'))}</th><th>${escapeHtml(t('detail'))}</th><th>${escapeHtml(t('by'))}</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

const stageLine = (stage: string, t: T) =>
  `<p id="stage" data-stage="${escapeHtml(stage)}">${escapeHtml(t('stage', { stage: t(`stage-${stage}` as WordKey) }))}</p>`;

/** Whose case it is: the clinic's opaque reference (never a name), for finding the record. */
const whoseLine = (word: 'patient' | 'customer', ref: string | undefined, t: T) =>
  ref ? `<p id="whose">${escapeHtml(t(word, { ref }))}</p>` : '';

export function journeyCaseMain(j: JourneyState, v: CaseView, t: T): string {
  const at = new Intl.DateTimeFormat(v.language, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: v.timeZone,
  });
  const tasks = j.tasks.filter((task) => task.status === 'open');
  const incidents = j.openEscalations;
  const decisions = [
    ...(tasks.length && mayDo(v.role, 'journey:complete-task')
      ? [`<li><a href="/console/tasks">${escapeHtml(t('decide-journey-tasks'))}</a></li>`]
      : []),
    ...(incidents.length && mayDo(v.role, 'journey:acknowledge-escalation')
      ? [`<li><a href="/console/on-call">${escapeHtml(t('decide-journey-incidents'))}</a></li>`]
      : []),
  ];
  return `${stageLine(j.stage, t)}${whoseLine('patient', j.patientRef, t)}
<section><h2>${escapeHtml(t('open-tasks'))}</h2>${list(
    tasks.map((task) =>
      item(
        `${task.kind} · ${t('for-role', { role: task.role, time: at.format(new Date(task.dueAt)) })}: ${task.summary}`,
      ),
    ),
    t('nothing-open'),
  )}</section>
<section><h2>${escapeHtml(t('open-incidents'))}</h2>${list(
    incidents.map((i) => item(`${t(i.severity as WordKey)} · ${t(i.status as WordKey)} · ${i.incidentId}`)),
    t('nothing-open'),
  )}</section>
<section id="decisions"><h2>${escapeHtml(t('your-decisions'))}</h2>${list(decisions, t('no-decisions'))}</section>
${timeline(j.timeline, v, t)}`;
}

export function complaintCaseMain(c: ComplaintState, v: CaseView, t: T): string {
  const choices = choicesOf(c, v.role);
  const any =
    choices.recordFirstContact || choices.assess.length > 0 || choices.proposePlan || choices.approvePlan;
  const tasks = complaintTasks(c, v.role, v.now).map((task) =>
    item(`${t(`task-${task.kind}` as WordKey, { role: task.role })} · ${task.role}`),
  );
  return `${stageLine(c.stage, t)}${whoseLine('customer', c.customerRef, t)}
<section><h2>${escapeHtml(t('open-tasks'))}</h2>${list(tasks, t('nothing-open'))}</section>
<section id="decisions"><h2>${escapeHtml(t('your-decisions'))}</h2>
${any ? '' : `<p class="quiet">${escapeHtml(t('no-decisions'))}</p>`}
<ol class="cards" id="complaint-card" data-complaint-id="${escapeHtml(c.caseId)}"></ol></section>
${timeline(c.timeline, v, t)}`;
}

/** The words of `language` for the case page; a status without a word is shown as it is. */
export const wordsOf =
  (language: Language): T =>
  (key, vars) =>
    key in WORDS[language] ? word(language, key, vars) : key;
