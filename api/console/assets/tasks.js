// Tasks: the open staff tasks of the clinic's running journeys, what its complaints wait for and
// the callbacks of after-hours contacts, by due time; complete with an outcome (the case's
// decision), or decide on the case page.
'use strict';

(() => {
  const { t: say, get, post, el, time, poll } = window.careConsole;
  const list = document.getElementById('tasks');
  const cards = new Map(); // "<caseId> <taskId>" -> card
  const caseOf = (task) => task.journeyId || task.complaintId || task.contactId;

  /** Completing a task: the journey's complete-task, or the complaint's decision it waits for. */
  function completion(task, outcome) {
    if (!task.complaintId)
      return post('/console/api/tasks/complete', { caseId: caseOf(task), taskId: task.taskId, outcome });
    const { decision, outcomeField, fixed } = task.completion;
    return post(`/console/api/complaints/${encodeURIComponent(task.complaintId)}/decisions/${decision}`, {
      ...fixed,
      [outcomeField]: outcome,
    });
  }

  function card(task) {
    const outcome = el('input', {
      name: 'outcome',
      placeholder: say('outcome'),
      'aria-label': say('outcome'),
      required: true,
    });
    const problem = el('p', { class: 'problem', role: 'alert' });
    const complete = async (event) => {
      if (!outcome.value.trim()) return void (problem.textContent = say('outcome-required'));
      event.target.disabled = true;
      problem.textContent = '';
      try {
        await completion(task, outcome.value.trim());
        await refresh();
      } catch (err) {
        problem.textContent = err.message;
        event.target.disabled = false;
      }
    };
    return el(
      'li',
      {
        class: `card${task.overdue ? ' overdue' : ''}`,
        'data-task-id': task.taskId,
        'data-journey-id': task.journeyId,
        'data-complaint-id': task.complaintId,
        'data-contact-id': task.contactId,
      },
      el(
        'p',
        { class: 'headline' },
        task.overdue ? el('span', { class: 'badge overdue' }, say('overdue')) : undefined,
        el('span', { class: 'badge' }, task.kind),
        ` ${say('for-role', { role: task.role, time: task.dueAt ? time(task.dueAt) : say('clock-paused') })}`,
      ),
      task.contactId
        ? // An after-hours contact has no case page: the number to call and what they said.
          el(
            'p',
            {},
            say('contact', { ref: task.contactRef }),
            ' · ',
            el(
              'a',
              { href: `tel:${task.callbackPhone}`, class: 'call-back' },
              say('call-back', { phone: task.callbackPhone }),
            ),
            `: ${task.summary}`,
          )
        : el(
            'p',
            {},
            el(
              'a',
              { href: `/console/cases/${encodeURIComponent(caseOf(task))}` },
              task.journeyId
                ? say('case', { ref: task.surgeryId })
                : say('complaint-ref', { ref: task.complaintRef }),
            ),
            task.patientRef ? ` · ${say('patient', { ref: task.patientRef })}` : '',
            `: ${task.journeyId ? task.summary : say(`task-${task.kind}`, { role: task.role })}`,
          ),
      task.mayComplete || task.completion
        ? el(
            'div',
            { class: 'actions' },
            outcome,
            el('button', { class: 'complete', onclick: complete }, say('complete')),
          )
        : task.mayDecide
          ? el(
              'p',
              {},
              el('a', { href: `/console/cases/${encodeURIComponent(caseOf(task))}` }, say('decide-on-case')),
            )
          : undefined,
      problem,
    );
  }

  async function refresh() {
    const { tasks } = await get('/console/api/tasks');
    const seen = new Set();
    let previous = null;
    for (const t of tasks) {
      const key = `${caseOf(t)} ${t.taskId}`;
      seen.add(key);
      let node = cards.get(key);
      if (!node || node.classList.contains('overdue') !== t.overdue) {
        const fresh = card(t);
        if (node) node.replaceWith(fresh);
        node = fresh;
        cards.set(key, node);
      }
      // Keep the order by due time without rebuilding (an outcome being typed stays).
      if (!previous && list.firstChild !== node) list.prepend(node);
      else if (previous && previous.nextSibling !== node) previous.after(node);
      previous = node;
    }
    for (const [key, node] of cards) {
      if (seen.has(key)) continue;
      node.remove();
      cards.delete(key);
    }
    document.body.classList.toggle('empty', tasks.length === 0);
  }

  poll(refresh, 3000);
})();
