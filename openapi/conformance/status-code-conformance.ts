import type { Check } from './types';

/**
 * The status is the one the case expects (the documented status the request was built to provoke), or, for a
 * case that accepts several (a create may answer 200 or 201), one of those.
 */
export const statusCodeConformance: Check = (input) => {
  const received = input.exchange.response?.status;
  const accepted = input.case.acceptedStatuses ?? [input.case.expectedStatus];
  // An unexpected 5xx is not-a-server-error's finding.
  if (received === undefined || accepted.includes(received) || received >= 500) return [];
  const expected = accepted.join(' or ');
  // A valid key refused mid-run: the preflight saw the same key accepted, so the target refused it at random.
  const refused =
    received === 401 && input.case.auth === 'valid'
      ? ' (the key the preflight saw accepted was refused here: a transient 401)'
      : '';
  return [
    {
      check: 'status-code-conformance',
      severity: 'error',
      message: `Received ${received}, documented ${expected} for ${input.case.title}${refused}`,
      expected,
      received: String(received),
      pointer: 'status-line',
    },
  ];
};
