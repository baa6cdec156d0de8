import { differences, fetchedRecord, notReadable, readBackAt, show } from './stateful-support';
import type { Check } from './types';

/** After an edit answered 2xx, a fetch of the record shows the values the edit sent. */
export const editPersisted: Check = ({ followUp, sentBody }) => {
  if (followUp?.action !== 'edit') return [];
  const unreadable = notReadable('edit-persisted', followUp, 'edited');
  if (unreadable.length > 0) return unreadable;
  // An answer that cannot be read (not JSON, no record) is body-is-json's or schema-conformance's finding.
  const record = fetchedRecord(followUp);
  if (!record) return [];
  return differences(sentBody, record, followUp.recordSchema)
    .slice(0, 5)
    .map((d) => ({
      check: 'edit-persisted',
      severity: 'error' as const,
      message: `${readBackAt(followUp)} still answers ${d.field} ${show(d.got)} after the edit sent ${show(d.sent)}`,
      expected: show(d.sent),
      received: show(d.got),
      pointer: `follow-up:/data/${followUp.wrapper}/${d.field}`,
    }));
};
