import type { Check } from './types';

/** A 204 has an empty body. */
export const noContentConformance: Check = ({ exchange }) => {
  const response = exchange.response;
  if (!response || response.status !== 204 || response.bodyText === '') return [];
  return [
    {
      check: 'no-content-conformance',
      severity: 'error',
      message: `A 204 answer carries a ${response.bodyText.length}-byte body`,
      expected: '(empty body)',
      received: response.bodyText.slice(0, 80),
      pointer: '',
    },
  ];
};
