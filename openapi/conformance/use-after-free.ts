import type { Check } from './types';

/** After a delete answered 2xx, a fetch of the same record answers 404. */
export const useAfterFree: Check = ({ followUp }) => {
  if (followUp?.action !== 'delete') return [];
  const status = followUp.exchange.response?.status;
  if (status === 404) return [];
  const at = `${followUp.exchange.request.method} ${new URL(followUp.exchange.request.url).pathname}`;
  return [
    {
      check: 'use-after-free',
      severity: 'error',
      message: `The record was deleted, yet ${at} answered ${status ?? followUp.exchange.error?.message}`,
      expected: '404',
      received: String(status ?? followUp.exchange.error?.message),
      pointer: 'follow-up',
    },
  ];
};
