import type { Check } from './types';

/** The target answered with HTTP within the timeout. When it did not, no other check can run. */
export const responseReceived: Check = ({ exchange }) =>
  exchange.error
    ? [
        {
          check: 'response-received',
          severity: 'error',
          message: `No usable answer: ${exchange.error.message}`,
          expected: 'an HTTP response within the timeout',
          received: exchange.error.kind,
          pointer: 'status-line',
        },
      ]
    : [];
