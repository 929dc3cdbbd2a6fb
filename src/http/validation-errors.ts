/**
 * Fastify's schema-validation failures (Ajv errors) as field-level problem detail: which input
 * (`querystring.limit`), which rule (a stable code) and a message a person can act on.
 */
import type { FieldError } from './problem.ts';

/** The part of an Ajv error this needs (Fastify's `error.validation` items). */
export interface AjvErrorLike {
  keyword: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const CODE_BY_KEYWORD: Readonly<Record<string, string>> = {
  required: 'MISSING_FIELD',
  type: 'WRONG_TYPE',
  additionalProperties: 'UNKNOWN_FIELD',
  pattern: 'BAD_FORMAT',
  format: 'BAD_FORMAT',
  minimum: 'OUT_OF_RANGE',
  maximum: 'OUT_OF_RANGE',
  exclusiveMinimum: 'OUT_OF_RANGE',
  exclusiveMaximum: 'OUT_OF_RANGE',
  minLength: 'TOO_SHORT',
  maxLength: 'TOO_LONG',
  minItems: 'TOO_FEW',
  maxItems: 'TOO_MANY',
  enum: 'NOT_ALLOWED',
  const: 'NOT_ALLOWED',
  anyOf: 'NOT_ALLOWED',
  oneOf: 'NOT_ALLOWED',
};

/**
 * One field error per Ajv error; `context` is Fastify's `validationContext` (body, querystring,
 * params, headers).
 *
 * @example
 * toFieldErrors([{ keyword: 'maximum', instancePath: '/limit', message: 'must be <= 1000' }], 'querystring')
 * // [{ field: 'querystring.limit', code: 'OUT_OF_RANGE', message: 'must be <= 1000' }]
 */
export function toFieldErrors(errors: readonly AjvErrorLike[], context: string | undefined): FieldError[] {
  const head = context ?? 'request';
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let path = (e.instancePath ?? '').split('/').filter(Boolean).join('.');
    // A missing property is reported on its parent; name the property itself.
    if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string')
      path = path ? `${path}.${e.params.missingProperty}` : e.params.missingProperty;
    if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string')
      path = path ? `${path}.${e.params.additionalProperty}` : e.params.additionalProperty;
    const field = path ? `${head}.${path}` : head;
    const code = CODE_BY_KEYWORD[e.keyword] ?? 'INVALID';
    const key = `${field}|${code}`;
    if (seen.has(key)) continue; // anyOf branches repeat the same complaint
    seen.add(key);
    out.push({ field, code, message: e.message ?? 'is not valid' });
  }
  return out;
}
