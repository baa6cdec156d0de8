// Forcing answers for frontend work: Prefer: code=NNN, ?__code=NNN in an address bar, Prefer: example=NAME.
import type { RunningMock } from './server';
import { AUTH, call, isEnvelope, startTestMock } from './test-support';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());

test('Prefer: code=404 returns the documented 404 envelope', async () => {
  const answer = await call(mock, 'GET', '/customers/1', { headers: { ...AUTH, prefer: 'code=404' } });
  expect(answer.status).toBe(404);
  expect(answer.json).toEqual({ status: 404, message: 'Record not found', data: {} });
});

test('?__code=500 works from a browser address bar, and is not treated as a filter', async () => {
  const answer = await call(mock, 'GET', '/customers?__code=500', { headers: AUTH });
  expect(answer.status).toBe(500);
  expect(isEnvelope(answer.json, 500)).toBe(true);
});

test('the Prefer header wins over the query', async () => {
  const answer = await call(mock, 'GET', '/customers?__code=500', { headers: { ...AUTH, prefer: 'code=402' } });
  expect(answer.status).toBe(402);
});

test('a code the operation does not document answers 400 naming the codes that exist', async () => {
  const answer = await call(mock, 'GET', '/customers', { headers: { ...AUTH, prefer: 'code=404' } });
  expect(answer.status).toBe(400);
  const body = answer.json as { message: string; data: { code: string; documented: number[] } };
  expect(body.data.code).toBe('UNKNOWN_FORCED_CODE');
  expect(body.data.documented).toEqual([200, 400, 401, 402, 500]);
  expect(body.message).toContain('200, 400, 401, 402, 500');
});

test('a malformed preference answers 400', async () => {
  const answer = await call(mock, 'GET', '/customers', { headers: { ...AUTH, prefer: 'code=abc' } });
  expect(answer.status).toBe(400);
  expect((answer.json as { data: { code: string } }).data.code).toBe('BAD_PREFERENCE');
});

test('Prefer: example=empty picks the named example', async () => {
  const answer = await call(mock, 'GET', '/customers', { headers: { ...AUTH, prefer: 'example=empty' } });
  expect(answer.json).toEqual({ status: 200, message: 'Customers found: 0', data: { customers: [] } });
});

test('code and example combine: the 401 for an invalid key', async () => {
  const answer = await call(mock, 'GET', '/customers', {
    headers: { ...AUTH, prefer: 'code=401, example=invalidKey' },
  });
  expect(answer.status).toBe(401);
  expect((answer.json as { message: string }).message).toContain('not valid');
  expect(answer.headers.get('www-authenticate')).toContain('Bearer');
});

test('an unknown example answers 400 listing the examples that exist', async () => {
  const answer = await call(mock, 'GET', '/customers', { headers: { ...AUTH, prefer: 'example=nope' } });
  expect(answer.status).toBe(400);
  expect((answer.json as { data: { available: string[] } }).data.available).toEqual(['compact', 'withOwner', 'empty']);
});

test('forcing a 204 on a delete gives no body', async () => {
  const answer = await call(mock, 'DELETE', '/expenses/1', { headers: { ...AUTH, prefer: 'code=204' } });
  expect(answer.status).toBe(204);
  expect(answer.text).toBe('');
});
