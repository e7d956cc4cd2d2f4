// Quality (management): red flag → acknowledgement latency of the clinic's running journeys, as a
// chart (Chart.js, served from this server), refreshed every 30 s.
'use strict';

(() => {
  const { t, get, poll } = window.careConsole;
  const canvas = document.getElementById('latency-chart');
  const summary = document.getElementById('latency-summary');
  let chart;

  async function refresh() {
    const q = await get('/console/api/quality');
    const share = q.acknowledged ? Math.round((100 * q.withinTarget) / q.acknowledged) : 100;
    summary.textContent = t('latency-summary', {
      acknowledged: q.acknowledged,
      incidents: q.incidents,
      share,
      urgent: q.targetMinutes.urgent,
      emergency: q.targetMinutes.emergency,
    });
    const data = {
      labels: q.buckets.map((b) => b.label),
      datasets: [
        { label: t('urgent'), data: q.buckets.map((b) => b.urgent), backgroundColor: '#d4a72c' },
        { label: t('emergency'), data: q.buckets.map((b) => b.emergency), backgroundColor: '#cf222e' },
      ],
    };
    if (chart) {
      chart.data = data;
      chart.update();
      return;
    }
    chart = new window.Chart(canvas, {
      type: 'bar',
      data,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    canvas.dataset.rendered = 'true';
  }

  poll(refresh, 30000);
})();
