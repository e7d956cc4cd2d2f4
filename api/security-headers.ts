import type { RequestHandler } from 'express';
import helmet from 'helmet';

// Headers on every response, errors included, set by helmet. The API answers JSON to systems,
// not pages to browsers, so the policy forbids almost everything: nothing may be loaded, framed
// or sniffed. The HTML pages it serves (GET /docs, the codec sign-in) have no script and load
// nothing; inline and same-origin styles are allowed for them, and their forms post back here.
// Cross-Origin-Resource-Policy (same-origin) does not hinder the Web UI's codec calls: those are
// CORS requests, which the policy does not apply to.
const helmetHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // Honoured only over HTTPS (behind the TLS-terminating proxy in production).
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
});

// Case state is personal health data: never kept by browsers or intermediaries (not helmet's
// concern). A route may still override Cache-Control for something that is safe to cache.
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

export const securityHeaders: RequestHandler[] = [helmetHeaders, noStore];

// The staff console's pages (api/console/) run their own script files and fetch JSON from the
// same origin: scripts, styles, connections and images from 'self' only, still nothing inline.
export const consoleSecurityPolicy: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
});
