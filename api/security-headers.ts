import type { RequestHandler } from 'express';

// Headers on every response, errors included. The API answers JSON to systems, not pages to
// browsers, so the policy forbids almost everything: nothing may be loaded, framed or sniffed.
// Inline and same-origin styles are allowed for the HTML documentation page (GET /docs).
// A route may still override Cache-Control for something that is safe to cache.
const HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  // Case state is personal health data: never kept by browsers or intermediaries.
  'Cache-Control': 'no-store',
  // Honoured only over HTTPS (behind the TLS-terminating proxy in production).
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'Content-Security-Policy': "default-src 'none'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
};

export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
  next();
};
