import { given } from './check-input';
import { statusCodeConformance } from './status-code-conformance';

test.each([
  ['the expected status', { expected: 201, status: 201 }, []],
  ['201 for a create that accepts 200 or 201', { expected: 200, accepted: [200, 201], status: 201 }, []],
  [
    '202 for a create that accepts 200 or 201',
    { expected: 200, accepted: [200, 201], status: 202 },
    ['status-code-conformance'],
  ],
  ['200 for a case that expects 201 only', { expected: 201, status: 200 }, ['status-code-conformance']],
  ['200 for a missing record', { expected: 404, status: 200 }, ['status-code-conformance']],
  ['no response at all (another check reports it)', { error: { kind: 'timeout' as const, message: 'slow' } }, []],
])('given %s, want %p', (_name, input, want) => {
  expect(statusCodeConformance(given(input)).map((v) => v.check)).toEqual(want);
});

test('the violation says what was received and what is documented', () => {
  const [v] = statusCodeConformance(given({ expected: 201, status: 200 }));
  expect(v).toMatchObject({ expected: '201', received: '200', pointer: 'status-line', severity: 'error' });
  const [either] = statusCodeConformance(given({ expected: 200, accepted: [200, 201], status: 202 }));
  expect(either).toMatchObject({ expected: '200 or 201', received: '202' });
});
