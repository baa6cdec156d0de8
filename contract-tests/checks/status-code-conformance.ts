import type { Check } from './types';

/** The status is the one the case expects (the documented status the request was built to provoke). */
export const statusCodeConformance: Check = (input) => {
  const received = input.exchange.response?.status;
  const expected = input.case.expectedStatus;
  if (received === undefined || received === expected) return [];
  return [
    {
      check: 'status-code-conformance',
      severity: 'error',
      message: `Received ${received}, documented ${expected} for ${input.case.title}`,
      expected: String(expected),
      received: String(received),
      pointer: 'status-line',
    },
  ];
};
