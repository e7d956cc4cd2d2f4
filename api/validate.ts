import type { z } from 'zod';
import { ApiError } from './errors';

/** Parse a request part with its schema or fail with 400 naming the bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, root = ''): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ApiError.fromZod(parsed.error, root);
  return parsed.data;
}
