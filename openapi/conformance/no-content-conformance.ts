import type { Check } from './types';

/** A 204 has no body: no body bytes, and no Content-Length or Transfer-Encoding announcing one. */
export const noContentConformance: Check = ({ exchange }) => {
  const response = exchange.response;
  if (response?.status !== 204) return [];
  const length = Number(response.headers['content-length'] ?? '0');
  const announced =
    length > 0 ? `Content-Length: ${length}` : response.headers['transfer-encoding'] ? 'Transfer-Encoding' : undefined;
  if (response.bodyText === '' && !announced && !response.bodyError) return [];
  return [
    {
      check: 'no-content-conformance',
      severity: 'error',
      message: announced
        ? `A 204 answer announces a body (${announced})`
        : `A 204 answer carries a ${response.bodyText.length}-byte body`,
      expected: '(no body)',
      received: response.bodyText === '' ? (announced ?? 'a broken body') : response.bodyText.slice(0, 80),
      pointer: announced ? `header:${announced.split(':')[0]?.toLowerCase()}` : '',
    },
  ];
};
