import { Router } from 'express';
import { renderDocsPage } from './docs-page';
import { openApiDocument } from './document';

/**
 * The API's own description, public (mounted before authentication): `GET /openapi.json` and a
 * page for people at `GET /docs`. Both depend only on the code, so they are built once.
 */
export function openApiRoutes(): Router {
  const document = openApiDocument();
  const page = renderDocsPage(document);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  // The page has no script and loads nothing, so the API's strict Content-Security-Policy
  // (api/security-headers.ts) suits it as it is.
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  return router;
}
