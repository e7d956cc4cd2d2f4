import type { Request } from 'express';
import { z } from 'zod';
import { decisionActor } from '../domain/access';
import { ApiError } from './errors';
import { parseOr400 } from './validate';

// Who decided. A decision's staffId is the actor recorded on the case, so it comes from the
// credential when the credential was issued to a person (domain/access.ts decisionActor).

type StaffIdSchema = z.ZodType<string>;

/**
 * A decision's body as the API takes it: its staffId may be left out (the credential's own is
 * then recorded). Bodies without a staffId (e.g. a hospital's response) are unchanged.
 */
export function apiDecisionBody(schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodObject) || !('staffId' in schema.shape)) return schema;
  const staffId = schema.shape.staffId as StaffIdSchema;
  return schema.extend({
    staffId: staffId
      .optional()
      .describe(
        "Who decided. A credential issued to a member of staff records its own staffId: leave it out, or name the same person (anyone else is a 403). A system's credential (no staffId) must name the person.",
      ),
  });
}

/**
 * Parses a decision body (400 by field) and settles who decided: 403 naming body.staffId when a
 * person's credential names someone else; 400 when a system's credential names nobody.
 */
export function parseDecisionBody(req: Request, schema: z.ZodType): Record<string, unknown> {
  const body = parseOr400(apiDecisionBody(schema), req.body, 'body') as Record<string, unknown>;
  if (!(schema instanceof z.ZodObject) || !('staffId' in schema.shape)) return body;
  const actor = decisionActor(req.caller?.staffId, body.staffId as string | undefined);
  if ('staffId' in actor) return { ...body, staffId: actor.staffId };
  if (actor.refused === 'another-person')
    throw new ApiError(
      403,
      'forbidden',
      `body.staffId: this credential was issued to staff "${req.caller!.staffId}" and records decisions as theirs only`,
      'body.staffId',
    );
  throw ApiError.badRequest('body.staffId', 'required: this credential names no member of staff');
}
