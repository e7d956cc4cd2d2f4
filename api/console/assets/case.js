// The case page of a complaint: its card with the decisions the signed-in person may make now,
// kept live (every 3 s). After a decision the page reloads, so its stage and timeline are new.
'use strict';

(() => {
  const { get } = window.careConsole;
  const { card, clocks, shape } = window.complaintCard;
  const list = document.getElementById('complaint-card');
  const id = list.getAttribute('data-complaint-id');
  let shown = null;

  async function refresh() {
    const { complaint, planActions } = await get(`/console/api/complaints/${encodeURIComponent(id)}`);
    const now = shape(complaint);
    if (shown && shown.shape === now)
      return void shown.node.querySelector('.clocks').replaceWith(clocks(complaint));
    const node = card(complaint, planActions, async () => window.location.reload());
    if (shown) shown.node.replaceWith(node);
    else list.append(node);
    shown = { node, shape: now };
  }

  // No #status line on the case page: a failed refresh shows under the card.
  const problem = document.createElement('p');
  problem.className = 'problem';
  list.after(problem);
  const tick = () =>
    refresh().then(
      () => (problem.textContent = ''),
      (err) => (problem.textContent = err.message),
    );
  void tick();
  setInterval(tick, 3000);
})();
