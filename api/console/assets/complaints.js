// The complaints board: the clinic's running complaints by stage, their SLA clocks read live
// (refreshed every 2 s), and the decisions the signed-in person may make on each.
'use strict';

(() => {
  const { t, get, el, poll } = window.careConsole;
  const { card, clocks, shape } = window.complaintCard;
  const board = document.getElementById('board');
  const columns = new Map(); // stage -> <ol>
  const cards = new Map(); // complaintId -> { node, shape }

  function column(stage) {
    if (!columns.has(stage)) {
      const list = el('ol', { class: 'cards', 'data-stage': stage });
      board.append(
        el(
          'section',
          { class: 'stage-column', 'data-stage': stage },
          el('h2', {}, t(`stage-${stage}`)),
          list,
        ),
      );
      columns.set(stage, list);
    }
    return columns.get(stage);
  }

  async function refresh() {
    const { stages, complaints, planActions } = await get('/console/api/complaints');
    for (const stage of stages) column(stage);
    const seen = new Set();
    for (const c of complaints) {
      seen.add(c.complaintId);
      const known = cards.get(c.complaintId);
      const now = shape(c);
      if (known && known.shape === now) {
        // Only the clocks moved: what someone is typing in the card stays.
        known.node.querySelector('.clocks').replaceWith(clocks(c));
        continue;
      }
      const node = card(c, planActions, refresh);
      if (known) known.node.remove();
      column(c.stage).append(node);
      cards.set(c.complaintId, { node, shape: now });
    }
    for (const [id, known] of cards) {
      if (seen.has(id)) continue;
      known.node.remove();
      cards.delete(id);
    }
    for (const [stage, list] of columns)
      list.parentElement.classList.toggle('empty-stage', !complaints.some((c) => c.stage === stage));
    document.body.classList.toggle('empty', complaints.length === 0);
  }

  poll(refresh, 2000);
})();
