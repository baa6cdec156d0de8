import { differences, fetchedRecord, show } from './stateful-support';
import type { Check } from './types';

/** After an edit answered 2xx, a fetch of the record shows the values the edit sent. */
export const editPersisted: Check = ({ followUp, sentBody }) => {
  if (followUp?.action !== 'edit') return [];
  const status = followUp.exchange.response?.status;
  const at = `${followUp.exchange.request.method} ${new URL(followUp.exchange.request.url).pathname}`;
  if (status !== 200) {
    return [
      {
        check: 'edit-persisted',
        severity: 'error',
        message: `The record just edited cannot be fetched: ${at} answered ${status ?? followUp.exchange.error?.message}`,
        expected: '200 with the edited record',
        received: String(status ?? followUp.exchange.error?.message),
        pointer: 'follow-up',
      },
    ];
  }
  // An answer that cannot be read (not JSON, no record) is body-is-json's or schema-conformance's finding.
  const record = fetchedRecord(followUp);
  if (!record) return [];
  return differences(sentBody, record, followUp.recordSchema)
    .slice(0, 5)
    .map((d) => ({
      check: 'edit-persisted',
      severity: 'error' as const,
      message: `${at} still answers ${d.field} ${show(d.got)} after the edit sent ${show(d.sent)}`,
      expected: show(d.sent),
      received: show(d.got),
      pointer: `follow-up:/data/${followUp.wrapper}/${d.field}`,
    }));
};
