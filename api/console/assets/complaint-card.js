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
        if (value) body[f.name] = f.number ? Number(value) : value;
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
    const input = options.choices
      ? el(
          'select',
          { name, 'aria-label': label },
          options.choices.map((v) => el('option', { value: v }, v)),
        )
      : el('input', {
          name,
          placeholder: label,
          'aria-label': label,
          type: options.number ? 'number' : 'text',
          min: options.number ? '0' : undefined,
        });
    return { name, label, input, required: !!options.required, number: !!options.number };
  };

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
    return forms;
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
      actions(c, planActions, onDone),
    );
  }

  /** What changes a card apart from its clocks (which tick on every refresh). */
  const shape = (c) => JSON.stringify({ ...c, clocks: c.clocks.map((k) => [k.id, k.reading]) });

  return { card, clocks, shape };
})();
