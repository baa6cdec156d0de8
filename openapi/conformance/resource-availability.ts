import { readBackCheck } from './stateful-support';

/** After a create, a fetch of the new record answers 200 with the values the create sent. */
export const resourceAvailability = readBackCheck(
  'resource-availability',
  'create',
  (at, d) => `${at} answers ${d.field} ${d.got}, the create sent ${d.sent}`,
);
