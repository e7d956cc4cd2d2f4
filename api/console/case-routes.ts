import type { Client } from '@temporalio/client';
import type { Request, Response } from 'express';
import { Router } from 'express';
import type { Action } from '../../domain/access';
import { parseJourneyId } from '../../domain/case-ids';
import type { ClinicCatalogue } from '../../domain/clinic';
import { parseComplaintId } from '../../domain/complaint';
import { complaintStateQuery } from '../../workflows/complaint-definitions';
import { journeyStateQuery } from '../../workflows/journey-definitions';
import type { Caller } from '../auth';
import { allow, ownCase } from '../auth';
import { CaseCalls } from '../case-calls';
import { ApiError } from '../errors';
import { complaintCaseMain, journeyCaseMain, wordsOf } from './case-page';
import type { ConsolePage } from './pages';
import { staffPage } from './pages';

// The case page /console/cases/<journey or complaint id>: a case of the signed-in person's clinic
// (another clinic's is a 404, as in the API), read with the same role matrix entry as the API.

export function caseRoutes(deps: {
  client: Client;
  clinics: ClinicCatalogue;
  now: () => number;
  /** The console's menu for this person. */
  menu: (caller: Caller) => readonly ConsolePage[];
}): Router {
  const router = Router();
  const journeys = new CaseCalls(deps.client, 'journey');
  const complaints = new CaseCalls(deps.client, 'complaint');

  router.get('/console/cases/:caseId', async (req: Request, res: Response) => {
    const caseId = String(req.params.caseId);
    const journey = parseJourneyId(caseId);
    const complaint = parseComplaintId(caseId);
    if (!journey && !complaint)
      throw ApiError.badRequest(
        'caseId',
        'must be a journey id "journey:<clinicId>:<surgeryId>" or a complaint id "complaint:<clinicId>:<complaintId>"',
      );
    const action: Action = journey ? 'journey:read' : 'complaint:read';
    const caller = allow(req, action);
    ownCase(caller, (journey ?? complaint)!.clinicId, `case "${caseId}"`);
    const session = req.staffSession!;
    const { language } = session.account;
    const timeZone = deps.clinics.clinics.find((c) => c.id === caller.clinicId)?.timeZone ?? 'UTC';
    const now = new Date(deps.now());
    const view = { language, timeZone, role: caller.role, now };
    const t = wordsOf(language);
    let page: ConsolePage;
    if (journey) {
      const state = await journeys.on(caseId, () =>
        deps.client.workflow.getHandle(caseId).query(journeyStateQuery),
      );
      const main = journeyCaseMain(state, view, t);
      page = {
        path: req.path,
        title: 'tasks', // the heading names the case
        heading: t('case', { ref: journey.surgeryId }),
        scripts: [],
        styles: ['board.css'],
        main: () => main,
      };
    } else {
      const state = await complaints.on(caseId, () =>
        deps.client.workflow.getHandle(caseId).query(complaintStateQuery, now.toISOString()),
      );
      const main = complaintCaseMain(state, view, t);
      page = {
        path: req.path,
        title: 'complaints',
        heading: t('complaint-ref', { ref: complaint!.complaintId }),
        scripts: ['complaint-card.js', 'case.js'],
        styles: ['board.css'],
        main: () => main,
      };
    }
    res.type('html').send(staffPage(session, page, deps.menu(caller), timeZone));
  });

  return router;
}
