// --dynamic: schema-valid generated data, repeatable with --seed, and an envelope without random extras.
import { createValidator } from '../openapi/ajv';
import { jsonMedia, type LoadedSpec, loadSpec } from '../openapi/spec';
import type { RunningMock } from './server';
import { AUTH, call, examplePath, startTestMock } from './test-support';

let mock: RunningMock;
let spec: LoadedSpec;
const ajv = createValidator();

beforeAll(async () => {
  spec = await loadSpec();
  mock = await startTestMock({ dynamic: true, seed: '42' });
});
afterAll(() => mock.close());

test('every GET answers generated data that is valid against its schema, in an envelope with no extras', async () => {
  const gets = spec.operations.filter((op) => op.method === 'get');
  for (const op of gets) {
    const answer = await call(mock, 'GET', examplePath(op), { headers: AUTH });
    const schema = jsonMedia(op.responses['200'])?.schema ?? {};
    const valid = ajv.validate(schema, answer.json);
    expect({ op: op.operationId, status: answer.status, valid, errors: valid ? null : ajv.errors }).toEqual({
      op: op.operationId,
      status: 200,
      valid: true,
      errors: null,
    });
    expect(Object.keys(answer.json as object).sort()).toEqual(['data', 'message', 'status']);
  }
});

test('generated data differs from the examples', async () => {
  const answer = await call(mock, 'GET', '/expenses/1', { headers: AUTH });
  expect((answer.json as { data: { expense: { expense_type: string } } }).data.expense.expense_type).not.toBe('Travel');
});

test('the same seed gives the same answer; another seed another one', async () => {
  const first = await call(mock, 'GET', '/customers/1', { headers: AUTH });
  const second = await call(mock, 'GET', '/customers/1', { headers: AUTH });
  expect(second.json).toEqual(first.json);
  const other = await call(mock, 'GET', '/customers/1', { headers: { ...AUTH, prefer: 'seed=7' } });
  expect(other.json).not.toEqual(first.json);
});

test('Prefer: dynamic=false brings back the examples', async () => {
  const answer = await call(mock, 'GET', '/expenses/1', { headers: { ...AUTH, prefer: 'dynamic=false' } });
  expect((answer.json as { data: { expense: { expense_type: string } } }).data.expense.expense_type).toBe('Travel');
});

/** Every leaf of a value with the name of the field that holds it. */
function leaves(value: unknown, field = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, field));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, k));
  return [[field, value]];
}

test('generated data is what a UI can show: real dates, positive ids, money with two decimals, real contact data', async () => {
  const found: Array<[string, unknown]> = [];
  for (const op of spec.operations.filter((o) => o.method === 'get')) {
    for (const seed of ['1', '2', '3']) {
      const answer = await call(mock, 'GET', examplePath(op), { headers: { ...AUTH, prefer: `seed=${seed}` } });
      found.push(...leaves((answer.json as { data: unknown }).data));
    }
  }
  const problems = found.filter(([field, value]) => {
    if (value === null) return false;
    if (/_at$/.test(field)) {
      const text = String(value);
      const parsed = new Date(`${text.replace(' ', 'T')}Z`);
      return (
        !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ||
        Number.isNaN(parsed.getTime()) ||
        parsed.getUTCFullYear() < 2000
      );
    }
    if (/_date$/.test(field)) return Number.isNaN(new Date(String(value)).getTime());
    if (/^(id|.*_id)$/.test(field) && field !== 'user_id') return !(Number(value) > 0);
    if (/amount|price|cost|discount|tax/.test(field)) {
      return !(Number(value) >= 0) || (typeof value === 'string' && !/^\d+\.\d{2}$/.test(value));
    }
    if (/email/.test(field)) return !/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(String(value));
    if (/phone|whatsapp/.test(field)) return !/^\+\d{9,15}$/.test(String(value));
    if (/name|city|country/.test(field)) return /lorem|ipsum|dolor/i.test(String(value));
    return false;
  });
  expect(found.length).toBeGreaterThan(100);
  expect(problems).toEqual([]);
});

test('the envelope keeps the documented message, not generated text', async () => {
  const answer = await call(mock, 'GET', '/expenses/1', { headers: AUTH });
  expect(answer.json).toMatchObject({ status: 200, message: 'Expense found' });
});
