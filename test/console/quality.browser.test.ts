import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { monthOf, monthPeriod, previousMonthOf } from '../../domain/quality-period';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { freshBrowser } from '../helpers/browser';
import { staffAccount } from '../helpers/console-session';
import { clinic, startRequest } from '../helpers/fixtures';

// The quality page in a real browser (Debian's chromium, playwright-core) against the real API,
// worker and Temporal dev server: the manager picks a month, its figures and charts are drawn
// (Chart.js from this server, no console errors under the console's CSP), a kept PDCA report
// opens and downloads, a phone-service audit is recorded through the form.

const manager = staffAccount(clinic.id, 'manager', 'management');
const h = new ApiHarness({ staffAccounts: [manager.account] });
let browser: { context: BrowserContext; close: () => Promise<void> };
let month: string;

beforeAll(async () => {
  await h.setUp();
  browser = await freshBrowser();
  // A journey whose red flag a nurse acknowledged: the month's figures have something to show.
  const started = await h.call('POST', '/journeys', startRequest());
  const path = `/journeys/${encodeURIComponent(started.body.journeyId)}`;
  await h.call('POST', `${path}/replies`, { providerMessageId: `SM-${Date.now()}`, text: 'pain 9' });
  const incident = await eventually(
    async () => (await h.call('GET', path)).body.openEscalations?.[0],
    'the incident',
  );
  await h.call('POST', `${path}/decisions/acknowledge-escalation`, {
    incidentId: incident.incidentId,
    staffId: 'nurse-day',
  });
  month = monthOf(new Date(incident.startedAt), clinic.timeZone);
  // A complaint called back at once: its first-contact clock is met, the others run.
  const complaint = await h.call('POST', '/complaints', {
    clinicId: clinic.id,
    complaintId: `C-B-${Date.now()}`,
    channel: 'front-desk',
    category: 'waiting-time',
    severity: 'low',
    customer: { ref: 'P-1001', phone: '+819012345678', language: 'en', timeZone: clinic.timeZone },
    description: 'Waited an hour past the appointment time',
  });
  await h.call(
    'POST',
    `/complaints/${encodeURIComponent(complaint.body.complaintId)}/decisions/record-first-contact`,
    {
      staffId: 'front-desk',
      note: 'called back',
    },
  );
  // Audits of two months (a trend), then the month's report made by the report workflow itself.
  const before = previousMonthOf(new Date(monthPeriod(month, clinic.timeZone).from), clinic.timeZone);
  for (const [callDate, score] of [
    [`${before}-07`, 3],
    [`${month}-04`, 4],
    [`${month}-18`, 5],
  ] as const) {
    await h.qualityStore.addAudit({
      auditId: `a-${callDate}`,
      clinicId: clinic.id,
      recordedBy: 'manager',
      recordedAt: `${callDate}T09:00:00Z`,
      callDate,
      callerType: 'mystery',
      waitSeconds: 30 - score * 4,
      knowledge: score,
      patience: 5,
      clarity: score,
      empathy: 4,
    });
  }
  await eventually(async () => {
    const s = (await h.call('GET', path)).body;
    return s.escalations?.[0]?.ackLatencySeconds !== undefined ? s : undefined;
  }, 'the acknowledgement');
  await h.env.client.workflow.execute('monthlyQualityReport', {
    taskQueue: h.taskQueue,
    workflowId: `quality-report:${clinic.id}-test`,
    args: [{ clinicId: clinic.id, month }],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h.tearDown();
});

async function signedIn(): Promise<{ page: Page; problems: string[] }> {
  await browser.context.clearCookies(); // each test signs in afresh
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1024, height: 900 });
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${h.base}/console`);
  await page.fill('input[name=staffId]', manager.account.staffId);
  await page.fill('input[name=password]', manager.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/on-call$/);
  return { page, problems };
}

/** Whether the canvas has any pixel painted (run in the page: the test's types have no DOM). */
const drawn = (page: Page, id: string) =>
  page.evaluate(`(() => {
    const canvas = document.getElementById(${JSON.stringify(id)});
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) return true;
    return false;
  })()`);

test('the manager picks a month: its figures against the targets and four charts are drawn', async () => {
  const { page, problems } = await signedIn();
  await page.click('nav a[href="/console/quality"]');
  await page.locator('#status', { hasText: 'Updated' }).waitFor();
  await page.fill('#month', month);
  await page.click('#period button[type=submit]');
  await page.locator('#figures li', { hasText: 'Red flags acknowledged in time' }).waitFor();
  await expect(page.textContent('#latency-summary')).resolves.toMatch(/^1 of 1 incidents acknowledged/);
  for (const id of ['figures-chart', 'clocks-chart', 'latency-chart', 'audits-chart']) {
    await page.locator(`#${id}[data-rendered="true"]`).waitFor();
    await expect(drawn(page, id)).resolves.toBe(true);
  }
  // Seven figures and one per SLA clock of the month's complaint.
  await expect(page.locator('#figures li').count()).resolves.toBe(10);
  await expect(page.textContent('#figures')).resolves.toContain('SLA: First contact with the customer');
  await expect(page.textContent('#figures')).resolves.toContain('target ≥ 100 %');
  await page.screenshot({ path: '.test-results/console-quality.png', fullPage: true });
  expect(problems).toEqual([]);
  await page.close();
});

test('a kept report opens, and downloads as CSV and as HTML', async () => {
  const { page, problems } = await signedIn();
  await page.goto(`${h.base}/console/quality`);
  const card = page.locator(`#reports li[data-month="${month}"]`);
  await card.waitFor();
  const [csv] = await Promise.all([page.waitForEvent('download'), card.locator('a.csv').click()]);
  expect(csv.suggestedFilename()).toBe(`quality-${clinic.id}-${month}.csv`);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text).toContain(`month,${month}`);
  expect(text).toContain('red flag acknowledged in time,100,%,≥ 95,met');
  expect(text).toContain('phone audits,2,audits');
  expect(text).toContain('phone: knowledge,4.5,/5');

  // Act: what the clinic changes, kept with the report.
  await card.locator('textarea[name=act]').fill('Second phone line at lunch time');
  await card.locator('button', { hasText: 'Save Act' }).click();
  await card.locator('[role=status]', { hasText: 'Act saved.' }).waitFor();
  await card.locator('a.open').click();
  await page.waitForURL(new RegExp(`/console/quality/reports/${month}$`));
  await expect(page.textContent('#report h2')).resolves.toBe(`Quality report ${month}`);
  await expect(page.textContent('#report table')).resolves.toContain('Red flags acknowledged in time');
  await expect(page.textContent('#act')).resolves.toContain('Second phone line at lunch time (manager,');
  await page.screenshot({ path: '.test-results/console-reports.png', fullPage: true });
  const [html] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="?download=html"]')]);
  expect(readFileSync((await html.path())!, 'utf8')).toContain(`<title>Quality report ${month}</title>`);
  expect(problems).toEqual([]);
  await page.close();
});

test('an audit is recorded through the form and joins the trend', async () => {
  const { page, problems } = await signedIn();
  await page.goto(`${h.base}/console/quality`);
  await page.locator('#audits-chart[data-rendered="true"]').waitFor();
  await page.fill('#audit input[name=callDate]', `${month}-25`);
  await page.selectOption('#audit select[name=callerType]', 'real');
  await page.fill('#audit input[name=waitSeconds]', '9');
  for (const k of ['knowledge', 'patience', 'clarity', 'empathy'])
    await page.fill(`#audit input[name=${k}]`, '5');
  await page.fill('#audit textarea[name=comment]', 'Warm greeting, offered a call back');
  await page.click('#audit button[type=submit]');
  await page.locator('#audit-status', { hasText: 'Audit recorded.' }).waitFor();
  const audits = await h.qualityStore.audits(clinic.id);
  expect(audits[0]).toMatchObject({
    callDate: `${month}-25`,
    callerType: 'real',
    waitSeconds: 9,
    empathy: 5,
    recordedBy: 'manager',
  });
  expect(problems).toEqual([]);
  await page.close();
});
