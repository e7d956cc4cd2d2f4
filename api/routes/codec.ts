import type { Request, RequestHandler } from 'express';
import express, { Router } from 'express';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import type { PayloadEncryption } from '../../temporal/payload-encryption';
import { encryptionOf } from '../../temporal/payload-encryption';
import type { Caller } from '../auth';
import { allow } from '../auth';
import { ApiError } from '../errors';
import type { RateLimit } from '../rate-limit';
import { rateLimit } from '../rate-limit';
import type { RateCounters } from '../rate-counters';
import { inProcessCounters } from '../rate-counters';
import { parseOr400 } from '../validate';

// The codec endpoint of the Temporal Web UI (Temporal's remote codec protocol): the UI posts the
// payloads of a history as protobuf JSON, `{"payloads": [{"metadata": {"encoding": "<base64>", …},
// "data": "<base64>"}]}`, to `<endpoint>/decode` (and `<endpoint>/encode` when someone sends a
// signal from the UI) and shows what comes back. Our endpoint is `<API>/codec`.
//
// - Who: our credentials, of the roles that may see case contents (operations, management,
//   nurse, doctor; domain/access.ts codec:decode/encode). A tool sends `Authorization: Bearer`.
//   The UI cannot: it sends an Authorization header only with its own OIDC access token, so a
//   browser signs in once at GET /codec/sign-in, which keeps the credential in an HttpOnly,
//   SameSite=Strict cookie for /codec only; with "Include cross-origin credentials" on, the UI's
//   requests carry it.
// - Whose payloads: only the caller's clinic's. Each encrypted payload carries the clinic of the
//   case it belongs to (temporal/payload-encryption.ts); payloads of another clinic, and untagged
//   ones (whose clinic nobody knows), are returned as they came: still encrypted. Plaintext
//   payloads (histories from before encryption) are returned as they are.
// - CORS: the UI's origins only (CODEC_ALLOWED_ORIGINS), with credentials.

/** The cookie a browser signed in with (the credential itself; HttpOnly, for /codec only). */
export const CODEC_COOKIE = 'codec-session';
const SESSION_SECONDS = 8 * 60 * 60;
/** A history view decodes event by event: far more requests than the rest of the API sees. */
export const CODEC_RATE_LIMIT: RateLimit = { perMinute: 3000, burst: 1000 };
/** The Temporal server's own limit on a payload is 2 MB; a continued-as-new journey's state is large. */
const BODY_LIMIT = '4mb';

const base64 = z
  .string()
  .max(4 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const payloadJson = z.object({
  metadata: z.record(z.string().max(256), base64).optional(),
  data: base64.optional(),
});
export const codecRequest = z.object({ payloads: z.array(payloadJson).max(10_000) });
type PayloadJson = z.infer<typeof payloadJson>;

const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  ),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [
      k,
      Buffer.from(v ?? new Uint8Array()).toString('base64'),
    ]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * CORS for the UI's origins on /codec (credentials included), and the answer to preflights.
 * Every codec request of a browser is preflighted (JSON body, X-Namespace header), so the
 * browser sends the credential cookie only where the preflight allowed this origin.
 */
export function codecCors(allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith('/codec/')) return next();
    const origin = req.headers.origin;
    const allowed = typeof origin === 'string' && allowedOrigins.includes(origin);
    res.vary('Origin');
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method !== 'OPTIONS') return next();
    if (allowed) {
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  };
}

/** Bodies of /codec: larger than the API's (whole payloads), and the sign-in form. */
export const codecBodies: RequestHandler[] = [
  (req, res, next) =>
    req.path.startsWith('/codec/') ? express.json({ limit: BODY_LIMIT })(req, res, next) : next(),
  (req, res, next) =>
    req.path === '/codec/session'
      ? express.urlencoded({ extended: false, limit: '2kb' })(req, res, next)
      : next(),
];

/**
 * A browser's credential for /codec: the sign-in cookie, or the sign-in form's token field. Only
 * under /codec/ (no other route accepts a cookie), and never over an Authorization header.
 */
export const codecCredential: RequestHandler = (req, _res, next) => {
  if (!req.path.startsWith('/codec/') || req.headers.authorization) return next();
  const formToken =
    req.path === '/codec/session' ? (req.body as { token?: unknown } | undefined)?.token : undefined;
  const token = typeof formToken === 'string' ? formToken.trim() : cookie(req, CODEC_COOKIE);
  if (token) req.headers.authorization = `Bearer ${token}`;
  next();
};

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/** The public part: the sign-in page and signing out (mounted before authentication). */
export function codecPublicRoutes(allowedOrigins: readonly string[]): Router {
  const router = Router();
  router.get('/codec/sign-in', (_req, res) => {
    res.type('html').send(signInPage(allowedOrigins[0]));
  });
  router.post('/codec/sign-out', (req, res) => {
    res.setHeader('Set-Cookie', sessionCookie(req, '', 0));
    if (req.is('application/x-www-form-urlencoded'))
      res.type('html').send(page('Signed out', '<p>This browser no longer decrypts histories.</p>'));
    else res.json({ signedOut: true });
  });
  return router;
}

/** Sign-in, decode and encode: after authentication, with their own rate limit. */
export function codecRoutes(deps: {
  codec: PayloadEncryption;
  allowedOrigins: readonly string[];
  rateLimit?: RateLimit;
  counters?: RateCounters;
}): Router {
  const router = Router();
  const limit = deps.rateLimit ?? CODEC_RATE_LIMIT;
  const limiter = rateLimit(limit, (deps.counters ?? inProcessCounters)('codec', limit));

  router.post('/codec/session', limiter, (req, res) => {
    const form = req.is('application/x-www-form-urlencoded');
    // A form posted from another site must not sign this browser in (as someone else).
    const origin = req.headers.origin;
    if (
      form &&
      origin &&
      origin !== `${req.protocol}://${req.get('host')}` &&
      !deps.allowedOrigins.includes(origin)
    )
      throw new ApiError(
        403,
        'forbidden',
        'Origin: the sign-in form is accepted from this API and the Web UI only',
      );
    const caller = allow(req, 'codec:decode');
    const token = req.headers.authorization!.replace(/^Bearer /i, '');
    res.setHeader('Set-Cookie', sessionCookie(req, token, SESSION_SECONDS));
    const expiresAt = new Date(Date.now() + SESSION_SECONDS * 1000).toISOString();
    if (form) res.type('html').send(signedInPage(caller, expiresAt, deps.allowedOrigins[0]));
    else res.json({ clinicId: caller.clinicId, role: caller.role, expiresAt });
  });

  router.post('/codec/decode', limiter, async (req, res) => {
    const caller = allow(req, 'codec:decode');
    const { payloads } = parseOr400(codecRequest, req.body, 'body');
    const decoded = await Promise.all(
      payloads.map(async (json, i) => {
        const payload = fromJson(json);
        const encryption = encryptionOf(payload);
        if (!encryption.encrypted) return json;
        // Another clinic's, or untagged (whose clinic nobody knows): it stays encrypted.
        if (encryption.clinicId !== caller.clinicId) return json;
        try {
          return toJson((await deps.codec.decode([payload]))[0]!);
        } catch (err) {
          throw ApiError.badRequest(`body.payloads[${i}]`, `cannot be decrypted: ${(err as Error).message}`);
        }
      }),
    );
    res.json({ payloads: decoded });
  });

  router.post('/codec/encode', limiter, (req, res) => {
    const caller = allow(req, 'codec:encode');
    const { payloads } = parseOr400(codecRequest, req.body, 'body');
    // What staff send from the UI (a signal's input) is their own clinic's.
    res.json({ payloads: deps.codec.encodeFor(payloads.map(fromJson), caller.clinicId).map(toJson) });
  });
  return router;
}

function sessionCookie(req: Request, value: string, maxAgeSeconds: number): string {
  const secure = req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
  return `${CODEC_COOKIE}=${value}; Path=/codec; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 40rem; padding: 0 1rem; color: #1d2330; }
input { font: inherit; width: 100%; padding: .4rem; margin: .5rem 0; } button { font: inherit; padding: .4rem 1rem; }</style>
</head><body><h1>${escape(title)}</h1>${body}</body></html>`;

const uiSteps = (ui: string | undefined) =>
  `<p>In the Temporal Web UI${ui ? ` (<a href="${escape(ui)}">${escape(ui)}</a>)` : ''}, open the codec server settings (the
<i>Codec Server</i> button at the top), keep the endpoint <code>&lt;this API&gt;/codec</code>, and turn on
<i>Include cross-origin credentials</i>. Histories of your clinic's cases then show decrypted; other clinics' stay encrypted.</p>`;

function signInPage(ui: string | undefined): string {
  return page(
    'Decrypt histories in the Temporal Web UI',
    `<p>Sign in with your API credential (role operations, management, nurse or doctor). This browser keeps it for
8 hours, for the codec endpoint only.</p>
<form method="post" action="session"><label>Credential token<input name="token" type="password" autocomplete="off" required></label>
<button type="submit">Sign in</button></form>${uiSteps(ui)}`,
  );
}

function signedInPage(caller: Caller, expiresAt: string, ui: string | undefined): string {
  return page(
    'Signed in',
    `<p>Signed in as <b>${escape(caller.role)}</b> of <b>${escape(caller.clinicId)}</b> until ${escape(expiresAt)}.</p>${uiSteps(ui)}
<form method="post" action="sign-out"><button type="submit">Sign out</button></form>`,
  );
}
