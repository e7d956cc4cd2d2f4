// Tasks: the open staff tasks of the clinic's running journeys, by due time; complete with an outcome.
'use strict';

(() => {
  const { get, post, el, time, poll } = window.careConsole;
  const list = document.getElementById('tasks');
  const cards = new Map(); // "<journeyId> <taskId>" -> card

  function card(t) {
    const outcome = el('input', {
      name: 'outcome',
      placeholder: 'Outcome',
      'aria-label': 'Outcome',
      required: true,
    });
    const problem = el('p', { class: 'problem', role: 'alert' });
    const complete = async (event) => {
      if (!outcome.value.trim()) return void (problem.textContent = 'outcome: required');
      event.target.disabled = true;
      problem.textContent = '';
      try {
        await post('/console/api/tasks/complete', {
          journeyId: t.journeyId,
          taskId: t.taskId,
          outcome: outcome.value.trim(),
        });
        await refresh();
      } catch (err) {
        problem.textContent = err.message;
        event.target.disabled = false;
      }
    };
    return el(
      'li',
      {
        class: `card${t.overdue ? ' overdue' : ''}`,
        'data-task-id': t.taskId,
        'data-journey-id': t.journeyId,
      },
      el(
        'p',
        { class: 'headline' },
        t.overdue ? el('span', { class: 'badge overdue' }, 'overdue') : undefined,
        el('span', { class: 'badge' }, t.kind),
        ` for ${t.role} · due ${time(t.dueAt)}`,
      ),
      el('p', {}, `Case ${t.surgeryId}: ${t.summary}`),
      t.mayComplete
        ? el(
            'div',
            { class: 'actions' },
            outcome,
            el('button', { class: 'complete', onclick: complete }, 'Complete'),
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
      const key = `${t.journeyId} ${t.taskId}`;
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
