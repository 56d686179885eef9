import { z } from 'zod';

/**
 * The bodies both sides answer with (SPEC 10): the desk's answers to events
 * and the platform's answers to commands. The routes build their answers
 * with these types and the OpenAPI document is generated from these schemas.
 */

/** One offending field of a refused request: dotted path (empty for the body itself) and what is wrong. */
export const fieldProblemSchema = z.object({
  path: z.string().describe('Dotted path with array indexes, such as contact.variables.0.value; empty for the body itself'),
  message: z.string(),
});

/** Every refusal: a code a program can act on and a reason a person can read. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('BadRequest, Unauthorized, PayloadTooLarge, InternalError, ServiceUnavailable, or the desk state code of a 409'),
    message: z.string(),
    fields: z.array(fieldProblemSchema).optional().describe('400 only: one entry per offending field'),
  }),
});

/** The request was applied. */
export const acceptedSchema = z.object({ status: z.literal('accepted') });

/** A request with this id was applied before; nothing changed. */
export const duplicateSchema = z.object({ status: z.literal('duplicate') });

/** An error body as sent. */
export type ErrorBody = z.infer<typeof errorBodySchema>;
