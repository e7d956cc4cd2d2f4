import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { Router } from 'express';
import type { Action } from '../../domain/access';
import { PARTICIPANTS_OF_ROLE } from '../../domain/access';
import type { ParticipantRole } from '../../domain/complaint';
import { PLAN_ACTIONS } from '../../domain/complaint';
import type { ComplaintDecisionName } from '../../domain/complaint-decisions';
import { COMPLAINT_DECISION_NAMES, COMPLAINT_DECISIONS } from '../../domain/complaint-decisions';
import { complaintDecisionUpdate } from '../../workflows/complaint-definitions';
import { allow } from '../auth';
import { complaintFor } from '../routes/complaints';
import { CaseCalls } from '../case-calls';
import { ApiError } from '../errors';
import { parseOr400 } from '../validate';
import { BOARD_STAGES, complaintAt, onBoard, runningComplaints } from './complaint-board';
import type { ConsolePage } from './pages';

// The complaints board under /console/complaints and the complaint decisions the console sends:
// first contact, a department's assessment, the plan proposed, approved or sent back, the
// customer's answer, failed plan actions, the satisfaction follow-up, corrective actions, reopening.
// Each is the complaint's own decision through the API's checks, as the signed-in member of staff.

/** The board's page (mounted into the console's menu by routes.ts). */
export const BOARD_PAGES: (ConsolePage & { action: Action })[] = [
  {
    path: '/console/complaints',
    title: 'complaints',
    action: 'complaint:read',
    scripts: ['complaint-card.js', 'complaints.js'],
    styles: ['board.css'],
    main: (t) =>
      `<p class="status" id="status">${t('loading')}</p><div id="board" class="board" data-empty="${t('nothing-open')}"></div>`,
  },
];

/** The board's and the case page's browser files, from the console's asset folder. */
export const boardAssets = (assetDir: string): Record<string, string> =>
  Object.fromEntries(
    ['board.css', 'complaint-card.js', 'complaints.js', 'case.js'].map((f) => [f, join(assetDir, f)]),
  );

/** The console offers every complaint decision (each where the board's choices say it applies). */
const CONSOLE_DECISIONS: readonly ComplaintDecisionName[] = COMPLAINT_DECISION_NAMES;
type ConsoleDecision = ComplaintDecisionName;

export function complaintBoardRoutes(deps: { client: Client; now: () => number }): Router {
  const router = Router();
  const calls = new CaseCalls(deps.client, 'complaint');

  router.get('/console/api/complaints', async (req, res) => {
    const caller = allow(req, 'complaint:read');
    const at = new Date(deps.now());
    const complaints = await runningComplaints(deps.client, caller.clinicId, at);
    res.json({
      now: at.toISOString(),
      stages: BOARD_STAGES,
      planActions: PLAN_ACTIONS,
      complaints: complaints.map((c) => onBoard(c, caller.role)),
    });
  });

  router.get('/console/api/complaints/:complaintId', async (req, res) => {
    const id = complaintFor(req, 'complaint:read');
    const at = new Date(deps.now());
    const state = await calls.on(id, () => complaintAt(deps.client, id, at));
    if (!state) throw ApiError.notFound(`complaint "${id}"`);
    res.json({
      now: at.toISOString(),
      planActions: PLAN_ACTIONS,
      complaint: onBoard(state, req.caller!.role),
    });
  });

  router.post('/console/api/complaints/:complaintId/decisions/:decision', async (req, res) => {
    const name = String(req.params.decision) as ConsoleDecision;
    if (!CONSOLE_DECISIONS.includes(name))
      throw ApiError.badRequest(
        'decision',
        `not offered by the console; one of ${CONSOLE_DECISIONS.join(', ')}`,
      );
    const id = complaintFor(req, `complaint:${name}`);
    const caller = req.caller!;
    // Decided as the signed-in person, whatever staffId the body names (as the on-call page does).
    const body = parseOr400(
      COMPLAINT_DECISIONS[name],
      { ...(req.body ?? {}), staffId: caller.staffId },
      'body',
    );
    if (name === 'submit-assessment') {
      // A department speaks for itself, as in the API: a nurse cannot file the doctor's assessment.
      const role = (body as { role: ParticipantRole }).role;
      const own = PARTICIPANTS_OF_ROLE[caller.role];
      if (!own.includes(role))
        throw new ApiError(
          403,
          'forbidden',
          `body.role: a ${caller.role} may submit only ${own.join(' or ')} assessments`,
          'body.role',
        );
    }
    const update = complaintDecisionUpdate(name) as unknown as UpdateDefinition<
      { accepted: true; detail?: string },
      [never]
    >;
    const result = await calls.update(id, name, update, body);
    req.log?.info({ complaintId: id, decision: name }, 'console decision accepted');
    res.json({ complaintId: id, decision: name, ...result });
  });

  return router;
}
