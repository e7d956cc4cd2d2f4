import type { RequestHandler } from 'express';
import { ApiError } from './errors';

// A known path called with a method it does not have is a 405 with `Allow` (RFC 9110), not a 404:
// the caller has the right resource and the wrong verb. The paths and their methods are the API's
// own description (the OpenAPI document), plus the provider webhooks it does not document.

/** Path templates ("/journeys/{journeyId}") and the methods each has, lower-case. */
export type KnownPaths = Record<string, readonly string[]>;

/** Provider webhooks (api/webhooks/twilio-routes.ts): POST only. */
export const WEBHOOK_PATHS: KnownPaths = {
  '/webhooks/twilio/{clinicId}/sms': ['post'],
  '/webhooks/twilio/{clinicId}/voice': ['post'],
  '/webhooks/twilio/{clinicId}/status': ['post'],
};

/** The path template as a regular expression: a `{param}` is one URL segment. */
function pattern(template: string): RegExp {
  const escaped = template
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

export function methodNotAllowed(paths: KnownPaths): RequestHandler {
  const known = Object.entries(paths).map(([template, methods]) => {
    const allow = methods.map((m) => m.toUpperCase());
    // Express answers HEAD with the GET route; OPTIONS is CORS's (api/routes/codec.ts).
    if (allow.includes('GET')) allow.push('HEAD');
    return { template, regex: pattern(template), allow };
  });
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const matches = known.filter((k) => k.regex.test(req.path));
    if (matches.length === 0) return next();
    const allow = [...new Set(matches.flatMap((m) => m.allow))];
    if (allow.includes(req.method)) return next();
    res.setHeader('Allow', allow.join(', '));
    next(
      new ApiError(
        405,
        'method-not-allowed',
        `${req.method} is not allowed on ${matches[0]!.template}; allowed: ${allow.join(', ')}`,
      ),
    );
  };
}
