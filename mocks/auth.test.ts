import { authenticate } from './auth';

const ring = { keys: ['good-key'], lapsedKeys: ['lapsed-key'] };

test.each([
  ['Bearer good-key', 'accepted'],
  ['bearer good-key', 'accepted'],
  ['  BEARER   good-key  ', 'accepted'],
  ['Bearer lapsed-key', 'lapsed'],
  ['Bearer other', 'invalid'],
  ['Bearer good-key2', 'invalid'],
  ['Bearer', 'missing'],
  ['Bearer    ', 'missing'],
  ['Basic good-key', 'missing'],
  ['good-key', 'missing'],
  ['', 'missing'],
  [undefined, 'missing'],
  [['Bearer good-key', 'Bearer good-key'], 'missing'],
])('given Authorization %p, want %s', (header, kind) => {
  expect(authenticate(header, ring).kind).toBe(kind);
});
