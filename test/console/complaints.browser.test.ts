import type { BrowserContext, Page } from 'playwright-core';
import { complaintSlaSchema } from '../../domain/complaint-sla';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { freshBrowser } from '../helpers/browser';
import { staffAccount } from '../helpers/console-session';
import { clinic, clinics } from '../helpers/fixtures';

// End to end in a real browser (Debian's chromium, playwright-core) against the real API, worker
// and Temporal dev server: a complaint started through the API moves through approval on the
// console's pages — the front desk records first contact and its assessment on the board, the
// manager files hers, proposes the plan there and approves it on the case page — and the board
// shows each new stage without a reload. A Japanese-speaking manager reads the case's timeline in
// Japanese. No page reports an error (the console's CSP forbids inline script).
// The complaint clocks run on calendar time (no reading depends on the hour of the run).

const calendarClinic = {
  ...structuredClone(clinic),
  complaintSla: complaintSlaSchema.parse({
    firstContact: { minutes: 120, mode: 'calendar' },
    bySeverity: {},
  }),
};
const desk = staffAccount(clinic.id, 'front-desk', 'front-desk');
const manager = staffAccount(clinic.id, 'manager', 'management');
const managerJa = staffAccount(clinic.id, 'manager-ja', 'management');
managerJa.account.language = 'ja';
const h = new ApiHarness({
  clinics: { ...clinics, clinics: [calendarClinic] },
  staffAccounts: [desk.account, manager.account, managerJa.account],
});
let browser: { context: BrowserContext; close: () => Promise<void> };
beforeAll(async () => {
  await h.setUp();
  browser = await freshBrowser();
});
afterAll(async () => {
  await browser?.close();
  await h.tearDown();
});

/** A new tab signed in through the form, on `path`; every problem the browser reports is kept. */
async function signedIn(who: typeof desk, path: string): Promise<{ page: Page; problems: string[] }> {
  await browser.context.clearCookies(); // each test is someone else on the same device
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 }); // the board is a desk page
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${h.base}/console`);
  await page.waitForURL(/\/console\/sign-in$/);
  await page.selectOption('select[name=clinicId]', who.account.clinicId);
  await page.fill('input[name=staffId]', who.account.staffId);
  await page.fill('input[name=password]', who.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/(on-call|tasks)$/);
  await page.goto(`${h.base}${path}`);
  return { page, problems };
}

let counter = 0;
async function startComplaint(category = 'service-attitude', severity = 'medium'): Promise<string> {
  counter += 1;
  const res = await h.call('POST', '/complaints', {
    clinicId: clinic.id,
    complaintId: `C-${Date.now()}-${counter}`,
    channel: 'phone',
    category,
    severity,
    customer: { ref: `K-${counter}`, language: 'en' },
    description: 'The receptionist was curt on the phone',
  });
  expect(res.status).toBe(201);
  return res.body.complaintId as string;
}

const stageOf = async (id: string) =>
  (await h.call('GET', `/complaints/${encodeURIComponent(id)}`)).body.stage as string;

let approvedId = '';

test("someone else's new complaint and decision show on the open board within 5 s, without a reload", async () => {
  const { page, problems } = await signedIn(desk, '/console/complaints');
  await page.locator('#status', { hasText: 'Updated' }).waitFor();
  let loads = 0;
  page.on('load', () => (loads += 1));
  const id = await startComplaint('waiting-time', 'low');
  const card = page.locator(`li[data-complaint-id="${id}"]`);
  await card.waitFor({ timeout: 5_000 });
  const decided = await h.call(
    'POST',
    `/complaints/${encodeURIComponent(id)}/decisions/record-first-contact`,
    { staffId: 'front-desk-2', note: 'Rang the customer' },
    h.as('front-desk'),
  );
  expect(decided.status).toBe(200);
  await page
    .locator(`section[data-stage="investigating"] li[data-complaint-id="${id}"]`)
    .waitFor({ timeout: 5_000 });
  expect(loads).toBe(0);
  expect(problems).toEqual([]);
  await page.close();
});

test('a complaint moves through approval on the console pages; the board shows each new stage', async () => {
  const id = await startComplaint();
  // Two more on the board, for a board that looks like a day's work.
  await startComplaint('waiting-time', 'low');
  await startComplaint('billing', 'high');

  const atDesk = await signedIn(desk, '/console/complaints');
  let page = atDesk.page;
  const card = () => page.locator(`li[data-complaint-id="${id}"]`);
  await card().waitFor({ timeout: 5_000 });
  await expect(card().getAttribute('data-stage')).resolves.toBe('awaiting-first-contact');
  await expect(card().locator('[data-clock="first-contact"]').getAttribute('data-reading')).resolves.toBe(
    'on-track',
  );
  await expect(card().locator('[data-clock="first-contact"]').textContent()).resolves.toMatch(
    /First contact: on track · 1 h 5\d min left|First contact: on track · 2 h 0 min left/,
  );
  let loads = 0;
  page.on('load', () => (loads += 1));

  await card().locator('form.record-first-contact input[name=note]').fill('Called back and apologised');
  await card().locator('button.record-first-contact').click();
  await page
    .locator(`section[data-stage="investigating"] li[data-complaint-id="${id}"]`)
    .waitFor({ timeout: 5_000 });
  await card().locator('form.submit-assessment input[name=findings]').fill('Busy morning, two staff off');
  await card().locator('button.submit-assessment').click();
  await card().locator('.assessments', { hasText: 'front-desk ✓ front-desk' }).waitFor({ timeout: 5_000 });
  await expect(card().locator('button.submit-assessment').count()).resolves.toBe(0);
  await page.screenshot({ path: screenshotPath('complaints'), fullPage: true });
  expect(loads).toBe(0);
  expect(atDesk.problems).toEqual([]);
  await page.close();

  const atManager = await signedIn(manager, '/console/complaints');
  page = atManager.page;
  await card().waitFor({ timeout: 5_000 });
  await card().locator('form.submit-assessment input[name=findings]').fill('Rota too thin on Mondays');
  await card().locator('form.submit-assessment input[name=rootCause]').fill('Staffing');
  await card().locator('button.submit-assessment').click();
  await page
    .locator(`section[data-stage="planning"] li[data-complaint-id="${id}"]`)
    .waitFor({ timeout: 5_000 });
  await card().locator('form.propose-plan select[name=kind]').selectOption('apology');
  await card().locator('form.propose-plan input[name=detail]').fill('A letter from the manager');
  await card().locator('form.propose-plan input[name=summary]').fill('Apologise and review the rota');
  await card().locator('button.propose-plan').click();
  await page
    .locator(`section[data-stage="awaiting-approval"] li[data-complaint-id="${id}"]`)
    .waitFor({ timeout: 5_000 });

  // The card's link opens the case page, where the manager approves the plan.
  await card()
    .locator(`a[href="/console/cases/${encodeURIComponent(id)}"]`)
    .click();
  await page.waitForURL(/\/console\/cases\//);
  await page.locator('#stage[data-stage="awaiting-approval"]').waitFor();
  await page.locator('#complaint-card button.approve-plan').click();
  await page.locator('#stage[data-stage="awaiting-customer"]').waitFor({ timeout: 5_000 });
  await expect(page.locator('#timeline tr[data-event="plan-approved"]').textContent()).resolves.toContain(
    'manager',
  );
  await page.goto(`${h.base}/console/complaints`);
  await page
    .locator(`section[data-stage="awaiting-customer"] li[data-complaint-id="${id}"]`)
    .waitFor({ timeout: 5_000 });
  // What is left for her: the customer's answer and, as management, a corrective action.
  const offered = await card()
    .locator('form')
    .evaluateAll((forms) => forms.map((f) => f.getAttribute('data-decision')));
  expect(offered).toEqual(['record-customer-response', 'add-corrective-action']);
  expect(await stageOf(id)).toBe('awaiting-customer');
  // The customer accepted on the phone: recorded here, the plan is carried out, then the follow-up.
  const answer = card().locator('form[data-decision="record-customer-response"]');
  await answer.locator('select[name="accepted"]').selectOption('yes');
  await answer.locator('button').click();
  await page
    .locator(`section[data-stage="follow-up"] li[data-complaint-id="${id}"]`)
    .waitFor({ timeout: 10_000 });
  await expect(card().locator('.outcomes [data-status="done"]').count()).resolves.toBe(1); // the apology, carried out
  expect(atManager.problems).toEqual([]);
  await page.close();

  expect(await stageOf(id)).toBe('follow-up');
  const state = (await h.call('GET', `/complaints/${encodeURIComponent(id)}`)).body;
  expect(state.plan).toMatchObject({ proposedBy: 'manager', approvedBy: 'manager' });
  approvedId = id;
});

test('the case page shows the timeline in Japanese to a Japanese-speaking manager', async () => {
  const id = approvedId || (await startComplaint());
  const { page, problems } = await signedIn(managerJa, `/console/cases/${encodeURIComponent(id)}`);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ja');
  await expect(page.textContent('h1')).resolves.toMatch(/^苦情 C-/);
  await expect(page.textContent('main h2 >> nth=-1')).resolves.toBe('経過');
  await expect(page.locator('#timeline tr[data-event="received"] td').nth(1).textContent()).resolves.toBe(
    '苦情を受付',
  );
  if (approvedId) {
    const firstContact = page.locator('#timeline tr[data-event="first-contact"] td');
    await expect(firstContact.nth(1).textContent()).resolves.toBe('お客様へ初回連絡');
    await expect(firstContact.nth(2).textContent()).resolves.toBe('Called back and apologised'); // as written
    await expect(page.textContent('#stage')).resolves.toBe('段階: フォローアップ');
  }
  await eventually(
    async () => ((await page.locator('#complaint-card li').count()) ? true : undefined),
    'the card',
  );
  await page.screenshot({ path: screenshotPath('case'), fullPage: true });
  expect(problems).toEqual([]);
  await page.close();
});

/** Screenshots for the README go to .test-results/ (git-ignored); copy them by hand when they change. */
function screenshotPath(name: string): string {
  return `.test-results/console-${name}.png`;
}
