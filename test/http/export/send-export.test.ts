import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportFormatOf } from '../../../src/http/export/send-export.ts';

test('?format= wins; otherwise the first type of Accept picks CSV or XLSX; JSON stays JSON', () => {
  assert.equal(exportFormatOf('xlsx', 'text/csv'), 'xlsx');
  assert.equal(exportFormatOf('csv', undefined), 'csv');
  assert.equal(exportFormatOf(undefined, 'text/csv; charset=utf-8'), 'csv');
  assert.equal(exportFormatOf(undefined, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, */*'), 'xlsx');
  assert.equal(exportFormatOf(undefined, 'application/json, text/csv'), undefined);
  assert.equal(exportFormatOf('json', 'text/csv'), undefined);
  assert.equal(exportFormatOf(undefined, undefined), undefined);
  assert.equal(exportFormatOf(undefined, '*/*'), undefined);
});
