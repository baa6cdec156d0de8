import type { Check } from './types';

/** No 5xx unless the case asked for one (a forced or documented 500): a server error is never an answer. */
export const notAServerError: Check = ({ case: c, exchange }) => {
  const status = exchange.response?.status;
  const accepted = c.acceptedStatuses ?? [c.expectedStatus];
  if (status === undefined || status < 500 || accepted.includes(status)) return [];
  return [
    {
      check: 'not-a-server-error',
      severity: 'error',
      message: `Received ${status} for ${c.title}`,
      expected: accepted.join(' or '),
      received: String(status),
      pointer: 'status-line',
    },
  ];
};
