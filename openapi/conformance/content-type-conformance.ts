import type { Check } from './types';

/** Every answer but 204 is `application/json`; parameters such as charset are allowed. */
export const contentTypeConformance: Check = ({ exchange }) => {
  const response = exchange.response;
  if (!response || response.status === 204) return [];
  const header = response.headers['content-type'];
  const mediaType = header?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return [];
  return [
    {
      check: 'content-type-conformance',
      severity: 'error',
      message: `Content-Type is ${header ?? 'missing'}; XtraKit answers with application/json`,
      expected: 'application/json',
      received: header ?? '(none)',
      pointer: 'header:content-type',
    },
  ];
};
