import { differences, fetchedRecord, show } from './stateful-support';
import type { Check } from './types';

/** After a create, a fetch of the new record answers 200 with the values the create sent. */
export const resourceAvailability: Check = ({ followUp, sentBody }) => {
  if (followUp?.action !== 'create') return [];
  const status = followUp.exchange.response?.status;
  const at = `${followUp.exchange.request.method} ${new URL(followUp.exchange.request.url).pathname}`;
  if (status !== 200) {
    return [
      {
        check: 'resource-availability',
        severity: 'error',
        message: `The record just created cannot be fetched: ${at} answered ${status ?? followUp.exchange.error?.message}`,
        expected: '200 with the created record',
        received: String(status ?? followUp.exchange.error?.message),
        pointer: 'follow-up',
      },
    ];
  }
  const record = fetchedRecord(followUp);
  const changed = record ? differences(sentBody, record, followUp.recordSchema) : [];
  return changed.slice(0, 5).map((d) => ({
    check: 'resource-availability',
    severity: 'error' as const,
    message: `${at} answers ${d.field} ${show(d.got)}, the create sent ${show(d.sent)}`,
    expected: show(d.sent),
    received: show(d.got),
    pointer: `follow-up:/data/${followUp.wrapper}/${d.field}`,
  }));
};
