import { readPreferences, withoutPreferenceKeys } from './preferences';

test.each([
  ['code=404', {}, { code: 404 }],
  ['code=401, example=invalidKey', {}, { code: 401, exampleKey: 'invalidKey' }],
  ['code=200; dynamic=true; seed=7', {}, { code: 200, dynamic: true, seed: '7' }],
  ['example="empty"', {}, { exampleKey: 'empty' }],
  [undefined, { __code: '500', __example: 'x' }, { code: 500, exampleKey: 'x' }],
  ['code=402', { __code: '500' }, { code: 402 }],
  [undefined, {}, {}],
])('given Prefer %p and query %p, want %p', (prefer, query, want) => {
  expect(readPreferences(prefer, query)).toEqual({ ok: true, preferences: want });
});

test.each(['code=abc', 'code=4040', 'dynamic=maybe', 'example='])('rejects Prefer %p', (prefer) => {
  expect(readPreferences(prefer, {}).ok).toBe(false);
});

test('the preference keys are not passed on as filters', () => {
  expect(withoutPreferenceKeys({ __code: '404', customer_group_id: '1' })).toEqual({ customer_group_id: '1' });
});
