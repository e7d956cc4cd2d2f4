import { z } from 'zod';

/** A JSON Schema (2020-12) object, as OpenAPI 3.1 uses for bodies and parameters. */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of `schema`. By default of its input side, what a client may send: fields with
 * a default are optional and objects not marked strict stay open. Refinements (unique ids,
 * from < to, time zone names) cannot be expressed and are left out; the API still checks them.
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io });
  // The dialect is the document's own (jsonSchemaDialect), so each schema need not repeat it.
  return rest as JsonSchema;
}

/** An object documented by what it is, where its type is a TypeScript interface, not a schema. */
export function describedObject(description: string): JsonSchema {
  return { type: 'object', description };
}

/** A query parameter as OpenAPI describes it. */
export interface QueryParameter {
  name: string;
  in: 'query';
  required: boolean;
  schema: JsonSchema;
}

/** The query parameters of a zod object schema, one per property. */
export function queryParameters(schema: z.ZodType): QueryParameter[] {
  const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    schema: property,
  }));
}
