import type { BrowserContext, Page } from 'playwright-core';
import { ApiHarness, eventually } from '../helpers/api-harness';
import { freshBrowser } from '../helpers/browser';
import { staffAccount } from '../helpers/console-session';
import { clinic, clinics, startRequest } from '../helpers/fixtures';

// End to end in a real browser (Debian's chromium, playwright-core) against the real API, worker
// and Temporal dev server: the night nurse signs in, a red flag reply makes an incident appear on
// her open page without a reload, she acknowledges it there; a nurse of another clinic sees
// none of it and cannot open a management page.

const OTHER = 'ginza-derm';
const night = staffAccount(clinic.id, 'nurse-night', 'nurse');
const otherNurse = staffAccount(OTHER, 'nurse-night', 'nurse');
const manager = staffAccount(clinic.id, 'manager', 'management');
const h = new ApiHarness({
  clinics: { ...clinics, clinics: [clinic, { ...structuredClone(clinic), id: OTHER }] },
  staffAccounts: [night.account, otherNurse.account, manager.account],
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

/** A new tab signed in through the form; every problem the browser reports (CSP included) is kept. */
async function signedIn(who: typeof night): Promise<{ page: Page; problems: string[] }> {
  await browser.context.clearCookies(); // each test is someone else on the same device
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${h.base}/console`);
  await page.waitForURL(/\/console\/sign-in$/);
  await page.selectOption('select[name=clinicId]', who.account.clinicId);
  await page.fill('input[name=staffId]', who.account.staffId);
  await page.fill('input[name=password]', who.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/on-call$/);
  return { page, problems };
}

/** A journey of the fixture clinic and its patient's red flag reply: the incident id once paged. */
async function redFlag(): Promise<string> {
  const started = await h.call('POST', '/journeys', startRequest());
  const path = `/journeys/${encodeURIComponent(started.body.journeyId)}`;
  await h.call('POST', `${path}/replies`, { providerMessageId: `SM-${Date.now()}`, text: 'pain 9' });
  return eventually(async () => {
    const s = (await h.call('GET', path)).body;
    return s.openEscalations?.[0]?.incidentId as string | undefined;
  }, 'the incident');
}

test('the night nurse sees a new incident appear without reloading, and acknowledges it', async () => {
  const { page, problems } = await signedIn(night);
  await page.locator('#status', { hasText: 'Updated' }).waitFor();
  let loads = 0;
  page.on('load', () => (loads += 1));

  const incidentId = await redFlag();
  const card = page.locator(`li[data-incident-id="${incidentId}"]`);
  // Within 5 s of the incident existing, on the page as it is.
  await card.waitFor({ timeout: 5_000 });
  await expect(card.locator('[data-status]').textContent()).resolves.toBe('paging');
  await expect(card.textContent()).resolves.toMatch(/Triage: .+/);
  await card.locator('.pages li').first().waitFor({ timeout: 10_000 }); // who was paged, and how
  await page.screenshot({ path: screenshotPath('on-call') });

  await card.locator('button.acknowledge').click();
  await page
    .locator(`li[data-incident-id="${incidentId}"] [data-status="acknowledged"]`)
    .waitFor({ timeout: 5_000 });
  await expect(page.locator(`li[data-incident-id="${incidentId}"]`).textContent()).resolves.toContain(
    'acknowledged by nurse-night',
  );
  await expect(page.locator(`li[data-incident-id="${incidentId}"] button.acknowledge`).count()).resolves.toBe(
    0,
  );
  expect(loads).toBe(0);
  expect(problems).toEqual([]);

  // Recorded on the journey as hers.
  const state = await h.call('GET', `/journeys/${encodeURIComponent(incidentId.split(':incident-')[0]!)}`);
  expect(
    state.body.escalations.find((e: { incidentId: string }) => e.incidentId === incidentId),
  ).toMatchObject({
    status: 'acknowledged',
    acknowledgedBy: 'nurse-night',
  });
  await page.close();
});

test("a nurse of another clinic sees none of this clinic's incidents and cannot open a management page", async () => {
  const incidentId = await redFlag();
  const { page, problems } = await signedIn(otherNurse);
  // Two refreshes after the incident exists: it would have been listed by now.
  await page.locator('#status', { hasText: 'Updated' }).waitFor();
  await page.waitForTimeout(2_500);
  await expect(page.locator(`li[data-incident-id="${incidentId}"]`).count()).resolves.toBe(0);
  await expect(page.locator('li[data-incident-id]').count()).resolves.toBe(0);
  expect(problems).toEqual([]);

  const quality = await page.goto(`${h.base}/console/quality`);
  expect(quality?.status()).toBe(403);
  await expect(page.textContent('main')).resolves.toContain('Role "nurse" may not open');
  await expect(page.locator('nav a[href="/console/quality"]').count()).resolves.toBe(0);
  await page.close();
});

test('the nurse completes a callback task with its outcome; it leaves the list and is done on the journey', async () => {
  const started = await h.call('POST', '/journeys', startRequest());
  const journeyId = started.body.journeyId as string;
  const path = `/journeys/${encodeURIComponent(journeyId)}`;
  await h.call('POST', `${path}/replies`, { providerMessageId: `SM-t-${Date.now()}`, text: 'hmm' });
  const taskId = await eventually(async () => {
    const s = (await h.call('GET', path)).body;
    return s.tasks?.find((t: { status: string }) => t.status === 'open')?.taskId as string | undefined;
  }, 'the task');
  const { page, problems } = await signedIn(night);
  await page.click('nav a[href="/console/tasks"]');
  const card = page.locator(`li[data-journey-id="${journeyId}"][data-task-id="${taskId}"]`);
  await card.waitFor({ timeout: 5_000 });
  await card.locator('input[name=outcome]').fill('Called back: the patient is fine');
  await page.screenshot({ path: screenshotPath('tasks') });
  await card.locator('button.complete').click();
  await card.waitFor({ state: 'detached', timeout: 5_000 });
  const task = (await h.call('GET', path)).body.tasks.find((t: { taskId: string }) => t.taskId === taskId);
  expect(task).toMatchObject({
    status: 'done',
    closedBy: 'nurse-night',
    outcome: 'Called back: the patient is fine',
  });
  expect(problems).toEqual([]);
  await page.close();
});

test('the manager opens the quality page: its chart renders from the local Chart.js, with the acknowledged incident', async () => {
  const { page, problems } = await signedIn(manager);
  await page.click('nav a[href="/console/quality"]');
  await page.waitForURL(/\/console\/quality$/);
  await page.locator('#latency-chart[data-rendered="true"]').waitFor({ timeout: 10_000 });
  // The first test's incident was acknowledged: it is counted.
  await expect(page.textContent('#latency-summary')).resolves.toMatch(
    /^[1-9]\d* of \d+ incidents acknowledged/,
  );
  const box = await page.locator('#latency-chart').boundingBox();
  expect(box!.height).toBeGreaterThan(100);
  await page.screenshot({ path: screenshotPath('quality') });
  expect(problems).toEqual([]);
  await page.close();
});

/** Screenshots for the README go to .test-results/ (git-ignored); copy them by hand when they change. */
function screenshotPath(name: string): string {
  return `.test-results/console-${name}.png`;
}
