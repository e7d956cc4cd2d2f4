// A complaint's card, shared by the complaints board and the case page: its stage, SLA clocks,
// assessments and plan, and the decisions the signed-in person may make on it now (the server
// says which). Each button sends the complaint's own decision; the server checks it again.
'use strict';

window.complaintCard = (() => {
  const { t, post, el } = window.careConsole;

  /** "1 h 5 min" for a number of minutes, whichever side of zero. */
  function duration(minutes) {
    const m = Math.abs(minutes);
    if (m < 60) return `${m} min`;
    const hours = Math.floor(m / 60);
    return hours < 48 ? `${hours} h ${m % 60} min` : `${Math.floor(hours / 24)} d`;
  }

  function clocks(c) {
    return el(
      'p',
      { class: 'clocks' },
      c.clocks.map((k) =>
        el(
          'span',
          { class: `clock ${k.reading}`, 'data-clock': k.id, 'data-reading': k.reading },
          `${t(`clock-${k.id}`)}: ${t(`reading-${k.reading}`)}`,
          k.minutesLeft === undefined
            ? ''
            : ` · ${t(k.minutesLeft >= 0 ? 'time-left' : 'time-over', { time: duration(k.minutesLeft) })}`,
        ),
      ),
    );
  }

  /** A small form: its fields, one button that sends `decision` with the fields' values and `more()`. */
  function decisionForm(c, decision, label, fields, more, onDone) {
    const problem = el('p', { class: 'problem', role: 'alert' });
    const send = async (event) => {
      event.preventDefault();
      const body = more();
      for (const f of fields) {
        const value = f.input.value.trim();
        if (!value && f.required) return void (problem.textContent = t('required', { field: f.label }));
        if (value) body[f.name] = f.number ? Number(value) : f.boolean ? value === 'yes' : value;
      }
      event.submitter.disabled = true;
      problem.textContent = '';
      try {
        await post(
          `/console/api/complaints/${encodeURIComponent(c.complaintId)}/decisions/${decision}`,
          body,
        );
        await onDone();
      } catch (err) {
        problem.textContent = err.message;
        event.submitter.disabled = false;
      }
    };
    return el(
      'form',
      { class: `actions ${decision}`, 'data-decision': decision, onsubmit: send, novalidate: true },
      fields.map((f) => f.input),
      el('button', { type: 'submit', class: decision }, label),
      problem,
    );
  }

  const field = (name, label, options = {}) => {
    // A yes/no question is a select whose answer is sent as true or false.
    const choices = options.boolean
      ? [
          ['yes', t('yes')],
          ['no', t('no')],
        ]
      : (options.choices ?? []).map((v) => [v, v]);
    const input =
      options.boolean || options.choices
        ? el(
            'select',
            { name, 'aria-label': label },
            choices.map(([value, text]) => el('option', { value }, text)),
          )
        : el('input', {
            name,
            placeholder: label,
            'aria-label': label,
            type: options.number ? 'number' : options.date ? 'date' : 'text',
            min: options.number ? '0' : undefined,
          });
    return {
      name,
      label,
      input,
      required: !!options.required,
      number: !!options.number,
      boolean: !!options.boolean,
    };
  };

  /** The decisions after approval: the customer's answer, failed actions, follow-up, reopening. */
  function followThrough(c, onDone) {
    const { choices } = c;
    const forms = [];
    const form = (decision, fields, more = () => ({}), label = t(decision)) =>
      forms.push(decisionForm(c, decision, label, fields, more, onDone));
    if (choices.recordCustomerResponse)
      form('record-customer-response', [
        field('accepted', t('customer-accepted'), { boolean: true }),
        field('comment', t('comment')),
      ]);
    if (choices.pauseForCustomer)
      form('pause-for-customer', [field('reason', t('pause-reason'), { required: true })]);
    if (choices.resumeFromCustomer) form('resume-from-customer', []);
    if (choices.retryPlanActions) form('retry-plan-actions', [field('note', t('comment'))]);
    for (const actionId of choices.completePlanActions)
      form(
        'complete-plan-action',
        [field('note', t('done-by-hand-note'), { required: true })],
        () => ({ actionId }),
        t('complete-plan-action', { id: actionId }),
      );
    if (choices.recordSatisfaction)
      form('record-satisfaction', [
        field('satisfied', t('customer-satisfied'), { boolean: true }),
        field('comment', t('comment')),
      ]);
    if (choices.addCorrectiveAction)
      form('add-corrective-action', [
        field('description', t('corrective-description'), { required: true }),
        field('owner', t('corrective-owner'), { required: true }),
        field('dueDate', t('corrective-due'), { required: true, date: true }),
      ]);
    for (const actionId of choices.completeCorrectiveActions)
      form(
        'complete-corrective-action',
        [field('note', t('comment'))],
        () => ({ actionId }),
        t('complete-corrective-action', { id: actionId }),
      );
    if (choices.reopen) form('reopen', [field('reason', t('reopen-reason'), { required: true })]);
    return forms;
  }

  function actions(c, planActions, onDone) {
    const { choices } = c;
    const forms = [];
    if (choices.recordFirstContact)
      forms.push(
        decisionForm(
          c,
          'record-first-contact',
          t('record-first-contact'),
          [field('note', t('first-contact-note'), { required: true })],
          () => ({}),
          onDone,
        ),
      );
    for (const role of choices.assess)
      forms.push(
        decisionForm(
          c,
          'submit-assessment',
          t('submit-assessment', { role }),
          [field('findings', t('findings'), { required: true }), field('rootCause', t('root-cause'))],
          () => ({ role }),
          onDone,
        ),
      );
    if (choices.proposePlan) {
      const kind = field('kind', t('plan-action'), { choices: planActions });
      const detail = field('detail', t('plan-detail'), { required: true });
      const amount = field('amount', t('amount'), { number: true });
      const department = field('department', t('department'));
      const summary = field('summary', t('plan-summary'), { required: true });
      // The plan's one action from the form (a plan of several actions goes through the API).
      const action = () => ({
        kind: kind.input.value,
        detail: detail.input.value.trim(),
        ...(amount.input.value ? { amount: Number(amount.input.value) } : {}),
        ...(department.input.value.trim() ? { department: department.input.value.trim() } : {}),
      });
      const form = decisionForm(
        c,
        'propose-plan',
        t('propose-plan'),
        [summary],
        () => ({ actions: [action()] }),
        onDone,
      );
      form.prepend(kind.input, detail.input, amount.input, department.input);
      forms.push(form);
    }
    if (choices.approvePlan) {
      forms.push(decisionForm(c, 'approve-plan', t('approve-plan'), [], () => ({}), onDone));
      forms.push(
        decisionForm(
          c,
          'send-back-plan',
          t('send-back-plan'),
          [field('reason', t('send-back-reason'), { required: true })],
          () => ({}),
          onDone,
        ),
      );
    }
    return forms.concat(followThrough(c, onDone));
  }

  function card(c, planActions, onDone) {
    return el(
      'li',
      {
        class: `card complaint severity-${c.severity}`,
        'data-complaint-id': c.complaintId,
        'data-stage': c.stage,
      },
      el(
        'p',
        { class: 'headline' },
        el('span', { class: `badge severity-${c.severity}` }, c.severity),
        el('span', { class: 'badge' }, c.category),
        ' ',
        el(
          'a',
          { href: `/console/cases/${encodeURIComponent(c.complaintId)}` },
          t('complaint-ref', { ref: c.ref }),
        ),
      ),
      el(
        'p',
        {},
        el('span', { class: 'stage', 'data-stage': c.stage }, t(`stage-${c.stage}`)),
        ` · ${t('owner', { role: c.owner })}`,
        c.waitingOnCustomer ? ` · ${t('waiting-on-customer')}` : '',
      ),
      clocks(c),
      el(
        'p',
        { class: 'assessments' },
        `${t('assessments')}: `,
        c.participants
          .map((p) => `${p.role} ${p.assessedBy ? `✓ ${p.assessedBy}` : `(${t('not-assessed')})`}`)
          .join(' · '),
      ),
      c.plan
        ? el(
            'p',
            { class: 'plan' },
            t('plan', { who: c.plan.proposedBy, summary: c.plan.summary }),
            ` (${c.plan.actions.join('; ')})`,
          )
        : undefined,
      c.plan && c.plan.outcomes.length
        ? el(
            'p',
            { class: 'outcomes' },
            c.plan.outcomes.map((o) =>
              el(
                'span',
                { class: `outcome ${o.status}`, 'data-action': o.id, 'data-status': o.status },
                `${o.id} ${o.kind}: ${t(`action-${o.status}`)}${o.reason ? ` (${o.reason})` : ''}`,
              ),
            ),
          )
        : undefined,
      c.correctiveActions.length
        ? el(
            'p',
            { class: 'corrective' },
            `${t('corrective-actions')}: `,
            c.correctiveActions
              .map(
                (a) =>
                  `${a.id} ${a.description} · ${a.owner} · ${a.dueDate} · ${t(`corrective-${a.status}`)}`,
              )
              .join(' / '),
          )
        : undefined,
      actions(c, planActions, onDone),
    );
  }

  /** What changes a card apart from its clocks (which tick on every refresh). */
  const shape = (c) => JSON.stringify({ ...c, clocks: c.clocks.map((k) => [k.id, k.reading]) });

  return { card, clocks, shape };
})();
