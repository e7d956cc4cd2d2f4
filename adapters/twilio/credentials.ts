import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { E164, fieldPath, opaqueId } from '../../domain/validation';

// Each clinic's Twilio account: the account SID and auth token the REST API authenticates with
// (the same token signs the webhooks Twilio calls back), and the sender: a Twilio phone number
// (`from`, required for voice calls) and/or a Messaging Service (`messagingServiceSid`, SMS only).
//
// Loaded from a JSON secrets file or from one environment variable holding the same JSON:
//   { "clinics": { "<clinicId>": { "accountSid": "AC…", "authToken": "…", "from": "+81…" } } }
// A missing or malformed entry stops start-up with an error that names the clinic and the field,
// never the value: the token is a secret, and JSON.parse's own message would quote the file.

export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
export const AUTH_TOKEN = /^[0-9a-fA-F]{32}$/;
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export const twilioAccountSchema = z
  .object({
    accountSid: z.string().regex(ACCOUNT_SID, 'must be "AC" followed by 32 hex digits'),
    authToken: z.string().regex(AUTH_TOKEN, 'must be 32 hex digits'),
    from: z.string().regex(E164, 'must be an E.164 phone number such as "+81312345678"').optional(),
    messagingServiceSid: z
      .string()
      .regex(MESSAGING_SERVICE_SID, 'must be "MG" followed by 32 hex digits')
      .optional(),
  })
  .strict()
  .refine((a) => a.from !== undefined || a.messagingServiceSid !== undefined, {
    message: 'needs "from" (a Twilio number) or "messagingServiceSid"',
    path: ['from'],
  });
export type TwilioAccount = z.infer<typeof twilioAccountSchema>;

export const twilioCredentialsFileSchema = z
  .object({ clinics: z.record(opaqueId, twilioAccountSchema) })
  .strict();

/** Variable holding the JSON itself (a secret store's injection); the file wins when both are set. */
export const TWILIO_CREDENTIALS_ENV = 'TWILIO_CREDENTIALS';
/** Variable naming the JSON secrets file. */
export const TWILIO_CREDENTIALS_FILE_ENV = 'TWILIO_CREDENTIALS_FILE';

export class TwilioCredentialsError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid Twilio credentials in ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'TwilioCredentialsError';
  }
}

/** The accounts by clinic id. `get` throws, naming the clinic, when one has no account. */
export class TwilioCredentials {
  constructor(private readonly accounts: ReadonlyMap<string, TwilioAccount>) {}

  get(clinicId: string): TwilioAccount {
    const account = this.accounts.get(clinicId);
    if (!account) {
      throw new TwilioCredentialsError('the Twilio credentials', [
        `clinics.${clinicId}: no Twilio account configured for clinic "${clinicId}"`,
      ]);
    }
    return account;
  }

  has(clinicId: string): boolean {
    return this.accounts.has(clinicId);
  }

  clinicIds(): string[] {
    return [...this.accounts.keys()];
  }
}

/** Validates already-parsed JSON. Problems name clinic and field (zod's messages never quote values). */
export function parseTwilioCredentials(raw: unknown, source: string): TwilioCredentials {
  const parsed = twilioCredentialsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const [root, clinicId] = issue.path;
      const where = fieldPath(issue.path);
      // Only the path and zod's message (which names the expectation, never the input: zod
      // reports inputs only when asked to with `reportInput`).
      const message = issue.message;
      return root === 'clinics' && typeof clinicId === 'string'
        ? `clinic "${clinicId}": ${where}: ${message}`
        : `${where}: ${message}`;
    });
    throw new TwilioCredentialsError(source, problems);
  }
  return new TwilioCredentials(new Map(Object.entries(parsed.data.clinics)));
}

function parseJsonQuietly(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the mistake, which may be a token.
    throw new TwilioCredentialsError(source, ['is not valid JSON']);
  }
}

/**
 * Loads the credentials from `file` if given, else from $TWILIO_CREDENTIALS_FILE, else from the
 * JSON in $TWILIO_CREDENTIALS. Neither set: an error (the caller decides whether Twilio is used).
 */
export function loadTwilioCredentials(
  options: { file?: string; env?: NodeJS.ProcessEnv } = {},
): TwilioCredentials {
  const env = options.env ?? process.env;
  const file = options.file ?? env[TWILIO_CREDENTIALS_FILE_ENV];
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new TwilioCredentialsError(file, [
        `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      ]);
    }
    return parseTwilioCredentials(parseJsonQuietly(text, file), file);
  }
  const inline = env[TWILIO_CREDENTIALS_ENV];
  if (inline) {
    const source = `$${TWILIO_CREDENTIALS_ENV}`;
    return parseTwilioCredentials(parseJsonQuietly(inline, source), source);
  }
  throw new TwilioCredentialsError('environment variables', [
    `${TWILIO_CREDENTIALS_FILE_ENV} or ${TWILIO_CREDENTIALS_ENV}: one must be set to use Twilio`,
  ]);
}
