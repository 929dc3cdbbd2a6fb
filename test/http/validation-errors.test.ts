import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toFieldErrors } from '../../src/http/validation-errors.ts';

test('Ajv errors become field errors with stable codes; missing and unknown properties name themselves', () => {
  assert.deepEqual(
    toFieldErrors(
      [
        { keyword: 'maximum', instancePath: '/limit', message: 'must be <= 1000' },
        { keyword: 'required', instancePath: '', params: { missingProperty: 'at' }, message: "must have required property 'at'" },
        { keyword: 'type', instancePath: '/items/0/qty', message: 'must be integer' },
        { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'x' } },
        { keyword: 'const', instancePath: '/type' },
        { keyword: 'const', instancePath: '/type' },
        { keyword: 'weird', instancePath: '/z' },
      ],
      'querystring',
    ),
    [
      { field: 'querystring.limit', code: 'OUT_OF_RANGE', message: 'must be <= 1000' },
      { field: 'querystring.at', code: 'MISSING_FIELD', message: "must have required property 'at'" },
      { field: 'querystring.items.0.qty', code: 'WRONG_TYPE', message: 'must be integer' },
      { field: 'querystring.x', code: 'UNKNOWN_FIELD', message: 'is not valid' },
      { field: 'querystring.type', code: 'NOT_ALLOWED', message: 'is not valid' },
      { field: 'querystring.z', code: 'INVALID', message: 'is not valid' },
    ],
  );
});
