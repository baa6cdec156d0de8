import { readBackCheck } from './stateful-support';

/** After an edit answered 2xx, a fetch of the record shows the values the edit sent. */
export const editPersisted = readBackCheck(
  'edit-persisted',
  'edit',
  (at, d) => `${at} still answers ${d.field} ${d.got} after the edit sent ${d.sent}`,
);
