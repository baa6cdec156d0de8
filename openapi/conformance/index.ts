// The check registry: one name per check, the same in files, reports and tests.
import { bodyIsJson } from './body-is-json';
import { concurrentCreates } from './concurrent-creates';
import { contentTypeConformance } from './content-type-conformance';
import { editPersisted } from './edit-persisted';
import { envelopeConformance } from './envelope-conformance';
import { filterConformance, listConsistency } from './list-probe';
import { noContentConformance } from './no-content-conformance';
import { notAServerError } from './not-a-server-error';
import { recordIdentity } from './record-identity';
import { resourceAvailability } from './resource-availability';
import { responseReceived } from './response-received';
import { schemaConformance } from './schema-conformance';
import { statusCodeConformance } from './status-code-conformance';
import type { Check, CheckInput, Violation } from './types';
import { useAfterFree } from './use-after-free';
import { wwwAuthenticatePresent } from './www-authenticate-present';

export const CHECKS = {
  'response-received': responseReceived,
  'status-code-conformance': statusCodeConformance,
  'content-type-conformance': contentTypeConformance,
  'body-is-json': bodyIsJson,
  'envelope-conformance': envelopeConformance,
  'schema-conformance': schemaConformance,
  'no-content-conformance': noContentConformance,
  'www-authenticate-present': wwwAuthenticatePresent,
  'not-a-server-error': notAServerError,
  'record-identity': recordIdentity,
  'resource-availability': resourceAvailability,
  'edit-persisted': editPersisted,
  'use-after-free': useAfterFree,
  'concurrent-creates': concurrentCreates,
  'filter-conformance': filterConformance,
  'list-consistency': listConsistency,
} satisfies Record<string, Check>;

export type CheckName = keyof typeof CHECKS;

export function runChecks(input: CheckInput): Violation[] {
  const unanswered = responseReceived(input);
  if (unanswered.length > 0) return unanswered;
  return Object.values(CHECKS).flatMap((check) => check(input));
}
