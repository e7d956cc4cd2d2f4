// On call: the clinic's open incidents, refreshed every 2 s; Acknowledge and Resolve.
'use strict';

(() => {
  const { t, get, post, el, since, time, poll } = window.careConsole;
  const list = document.getElementById('incidents');
  const cards = new Map(); // incidentId -> { card, details }

  function details(i, now) {
    const pages = i.pages.length
      ? el(
          'ul',
          { class: 'pages' },
          i.pages.map((p) =>
            el(
              'li',
              {},
              `${time(p.at)} ${p.channel || 'page'} → ${p.staffId} (${p.role})${p.unanswered ? `, ${p.unanswered}` : ''}`,
            ),
          ),
        )
      : el('p', {}, t('no-page'));
    return el(
      'div',
      { class: 'details' },
      el(
        'p',
        { class: 'headline' },
        el('span', { class: `badge ${i.severity}` }, t(i.severity)),
        el('span', { class: `badge status-${i.status}`, 'data-status': i.status }, t(i.status)),
        ' ',
        // A journey has its case page; an after-hours contact has none yet.
        i.caseKind === 'journey'
          ? el('a', { href: `/console/cases/${encodeURIComponent(i.caseId)}` }, t('case', { ref: i.caseRef }))
          : t('contact', { ref: i.caseRef }),
        i.patientRef ? ` · ${t('patient', { ref: i.patientRef })}` : '',
        i.ref ? ` · ref ${i.ref}` : '',
      ),
      el(
        'p',
        {},
        t('ago', { since: since(i.startedAt, now), time: time(i.startedAt) }),
        i.acknowledgedBy ? ` · ${t('acknowledged-by', { who: i.acknowledgedBy })}` : '',
      ),
      i.reasons.length
        ? el('p', { class: 'reasons' }, t('triage', { reasons: i.reasons.join('; ') }))
        : undefined,
      el('h3', {}, t('pages')),
      pages,
    );
  }

  function actions(i) {
    const url = `/console/api/incidents/${encodeURIComponent(i.incidentId)}`;
    const problem = el('p', { class: 'problem', role: 'alert' });
    const act = (what, body) => async (event) => {
      event.target.disabled = true;
      problem.textContent = '';
      try {
        await post(`${url}/${what}`, body && body());
        await refresh();
      } catch (err) {
        problem.textContent = err.message;
      } finally {
        event.target.disabled = false;
      }
    };
    const note = el('input', {
      name: 'note',
      placeholder: t('note'),
      'aria-label': t('note'),
    });
    return el(
      'div',
      { class: 'actions' },
      i.mayAcknowledge
        ? el('button', { class: 'acknowledge', onclick: act('acknowledge') }, t('acknowledge'))
        : undefined,
      i.mayResolve
        ? el(
            'span',
            {},
            note,
            el(
              'button',
              { class: 'resolve', onclick: act('resolve', () => (note.value ? { note: note.value } : {})) },
              t('resolve'),
            ),
          )
        : undefined,
      problem,
    );
  }

  async function refresh() {
    const { now, incidents } = await get('/console/api/incidents');
    const seen = new Set();
    for (const i of incidents) {
      seen.add(i.incidentId);
      const known = cards.get(i.incidentId);
      if (known && known.status === i.status) {
        known.card.replaceChild(details(i, now), known.card.querySelector('.details'));
        continue;
      }
      // New, or its status changed (the buttons change with it): a fresh card.
      const card = el(
        'li',
        { class: `card ${i.severity}`, 'data-incident-id': i.incidentId },
        details(i, now),
        actions(i),
      );
      if (known) list.replaceChild(card, known.card);
      else list.append(card);
      cards.set(i.incidentId, { card, status: i.status });
    }
    for (const [id, known] of cards) {
      if (seen.has(id)) continue;
      known.card.remove();
      cards.delete(id);
    }
    document.body.classList.toggle('empty', incidents.length === 0);
  }

  poll(refresh, 2000);
})();
