import { differences, fetchedRecord, notReadable, readBackAt, show } from './stateful-support';
import type { Check } from './types';

/** After a create, a fetch of the new record answers 200 with the values the create sent. */
export const resourceAvailability: Check = ({ followUp, sentBody }) => {
  if (followUp?.action !== 'create') return [];
  const unreadable = notReadable('resource-availability', followUp, 'created');
  if (unreadable.length > 0) return unreadable;
  // An answer that cannot be read (not JSON, no record) is body-is-json's or schema-conformance's finding.
  const record = fetchedRecord(followUp);
  if (!record) return [];
  return differences(sentBody, record, followUp.recordSchema)
    .slice(0, 5)
    .map((d) => ({
      check: 'resource-availability',
      severity: 'error' as const,
      message: `${readBackAt(followUp)} answers ${d.field} ${show(d.got)}, the create sent ${show(d.sent)}`,
      expected: show(d.sent),
      received: show(d.got),
      pointer: `follow-up:/data/${followUp.wrapper}/${d.field}`,
    }));
};
