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
