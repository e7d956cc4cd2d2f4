// Quality (management): the chosen month's figures against the clinic's targets as charts
// (Chart.js, served from this server), the kept monthly PDCA reports with their Act note, and
// the phone-service audits with their trend per month. Refreshed every 30 s.
'use strict';

(() => {
  const { t, get, post, el, time, poll } = window.careConsole;
  const monthInput = document.getElementById('month');
  const charts = {};
  let month; // the month shown; the server's current month in the clinic's zone at first

  /** Draws (or redraws) the chart on canvas #id; marks it rendered for the tests. */
  function chart(id, config) {
    const canvas = document.getElementById(id);
    if (charts[id]) {
      charts[id].data = config.data;
      charts[id].update();
      return;
    }
    charts[id] = new window.Chart(canvas, {
      ...config,
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options },
    });
    canvas.dataset.rendered = 'true';
  }

  const percentFigures = (q) => [
    ['figure-closure', q.closure],
    ...q.clocks.map((c) => [t('figure-clock', { name: c.name }), c.compliance]),
    ['figure-satisfaction', q.satisfaction],
    ['figure-check-in', q.checkInResponse],
    ['figure-acknowledgement', q.acknowledgement],
    ['figure-no-shows', q.noShows],
    ['figure-adherence', q.adherence],
  ];

  function figureItem(label, f) {
    const state = f.met === null ? 'no-data' : f.met ? 'target-met' : 'target-missed';
    return el(
      'li',
      { class: `figure ${state}` },
      el('span', { class: 'name' }, t(label)),
      el('strong', {}, f.value === null ? '–' : t('figure-value', { value: f.value, unit: f.unit })),
      el(
        'span',
        {},
        t('figure-target', {
          direction: f.direction === 'at-most' ? '≤' : '≥',
          target: f.target,
          unit: f.unit,
        }),
      ),
      el('span', { class: 'badge' }, t(state)),
      el('span', { class: 'counted' }, t('figure-counted', { counted: f.counted })),
    );
  }

  async function figures() {
    const q = await get(`/console/api/quality${month ? `?month=${encodeURIComponent(month)}` : ''}`);
    month = q.month;
    if (document.activeElement !== monthInput) monthInput.value = q.month;
    const shares = percentFigures(q);
    document
      .getElementById('figures')
      .replaceChildren(
        ...shares.slice(0, 1).map(([l, f]) => figureItem(l, f)),
        figureItem('figure-first-contact', q.firstContact),
        ...shares.slice(1).map(([l, f]) => figureItem(l, f)),
      );
    chart('figures-chart', {
      type: 'bar',
      data: {
        labels: shares.map(([l]) => t(l)),
        datasets: [
          {
            label: '%',
            data: shares.map(([, f]) => f.value),
            backgroundColor: shares.map(([, f]) => (f.met === false ? '#cf222e' : '#2da44e')),
          },
          {
            label: t('figure-target', { direction: '', target: '', unit: '' }).trim(),
            data: shares.map(([, f]) => f.target),
            type: 'line',
            showLine: false,
            pointStyle: 'line',
            pointRadius: 12,
            borderColor: '#1b1f24',
            borderWidth: 3,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: { x: { min: 0, max: 100 } },
        plugins: { legend: { display: false } },
      },
    });
    chart('clocks-chart', {
      type: 'bar',
      data: {
        labels: q.clocks.map((c) => c.name),
        datasets: [
          { label: t('target-met'), data: q.clocks.map((c) => c.met), backgroundColor: '#2da44e' },
          { label: t('target-missed'), data: q.clocks.map((c) => c.breached), backgroundColor: '#cf222e' },
          { label: t('clock-running'), data: q.clocks.map((c) => c.running), backgroundColor: '#afb8c1' },
        ],
      },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    const a = q.acknowledgement;
    const acknowledged = a.buckets.reduce((n, b) => n + b.urgent + b.emergency, 0);
    document.getElementById('latency-summary').textContent = t('latency-summary', {
      acknowledged,
      incidents: a.raised,
      share: a.value === null ? 100 : a.value,
      urgent: a.targetMinutes.urgent,
      emergency: a.targetMinutes.emergency,
    });
    chart('latency-chart', {
      type: 'bar',
      data: {
        labels: a.buckets.map((b) => b.label),
        datasets: [
          { label: t('urgent'), data: a.buckets.map((b) => b.urgent), backgroundColor: '#d4a72c' },
          { label: t('emergency'), data: a.buckets.map((b) => b.emergency), backgroundColor: '#cf222e' },
        ],
      },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function reportItem(r) {
    const path = `/console/quality/reports/${encodeURIComponent(r.month)}`;
    const api = `/console/api/quality/reports/${encodeURIComponent(r.month)}`;
    const note = el('textarea', { name: 'act', 'aria-label': t('report-act'), maxlength: '2000' });
    note.value = r.act ? r.act.note : '';
    const said = el('p', { role: 'status' });
    const save = async (event) => {
      event.target.disabled = true;
      try {
        await post(`${api}/act`, { note: note.value });
        said.textContent = t('report-act-saved');
      } catch (err) {
        said.textContent = err.message;
      }
      event.target.disabled = false;
    };
    return el(
      'li',
      { class: 'card', 'data-month': r.month },
      el(
        'p',
        { class: 'headline' },
        t('report-title', { month: r.month }),
        ` · ${t('report-made', { time: time(r.madeAt) })}`,
      ),
      el(
        'p',
        {},
        el('a', { href: path, class: 'open' }, t('report-open')),
        ' · ',
        el('a', { href: `${api}/csv`, download: true, class: 'csv' }, t('report-csv')),
        ' · ',
        el('a', { href: `${path}?download=html`, download: true }, t('report-html')),
      ),
      el('label', {}, t('report-act'), note),
      el('button', { onclick: save }, t('report-act-save')),
      said,
    );
  }

  async function reports() {
    const list = document.getElementById('reports');
    // An Act note being written is not replaced by a refresh.
    if (list.contains(document.activeElement)) return;
    const { reports: kept } = await get('/console/api/quality/reports');
    list.replaceChildren(
      ...(kept.length ? kept.map(reportItem) : [el('li', { class: 'empty' }, list.dataset.empty)]),
    );
  }

  async function audits() {
    const { trends } = await get('/console/api/quality/audits');
    const colours = { knowledge: '#1f6feb', patience: '#8250df', clarity: '#2da44e', empathy: '#d4a72c' };
    chart('audits-chart', {
      type: 'line',
      data: {
        labels: trends.map((m) => m.month),
        datasets: [
          ...Object.entries(colours).map(([k, colour]) => ({
            label: t(k),
            data: trends.map((m) => m[k]),
            borderColor: colour,
            backgroundColor: colour,
            yAxisID: 'score',
          })),
          {
            label: t('average-wait'),
            data: trends.map((m) => m.averageWaitSeconds),
            type: 'bar',
            backgroundColor: '#afb8c1',
            yAxisID: 'wait',
          },
        ],
      },
      options: {
        scales: {
          score: { position: 'left', min: 1, max: 5 },
          wait: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } },
        },
      },
    });
  }

  document.getElementById('period').addEventListener('submit', (event) => {
    event.preventDefault();
    month = monthInput.value;
    void figures().catch(
      (err) =>
        (document.getElementById('status').textContent = t('could-not-update', { message: err.message })),
    );
  });

  const form = document.getElementById('audit');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const said = document.getElementById('audit-status');
    const data = new FormData(form);
    const body = {};
    for (const [k, v] of data.entries()) {
      if (k === 'comment' && !v.trim()) continue;
      body[k] = ['waitSeconds', 'knowledge', 'patience', 'clarity', 'empathy'].includes(k) ? Number(v) : v;
    }
    try {
      await post('/console/api/quality/audits', body);
      said.textContent = t('audit-recorded');
      said.classList.remove('problem');
      form.reset();
      await audits();
    } catch (err) {
      said.textContent = err.message;
      said.classList.add('problem');
    }
  });

  poll(() => Promise.all([figures(), reports(), audits()]), 30000);
})();
