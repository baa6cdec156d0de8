// What a check sees and what it returns. Checks never throw or print for a contract problem: they
// return violations, each with the rule's name, what was expected, what came back and where.
import type { SchemaObject } from '../../openapi/spec';
import type { Case } from '../cases/case';
import type { Exchange } from '../send/sender';

export interface SchemaError {
  /** JSON pointer inside the validated value. */
  pointer: string;
  message: string;
}

export interface CheckInput {
  case: Case;
  exchange: Exchange;
  /** The body parsed as JSON, when it parses. */
  json?: { value: unknown };
  /** The operation's documented response schema for the status that came back, if any. */
  responseSchema?: SchemaObject;
  validate(schema: SchemaObject, value: unknown): SchemaError[];
}

export interface Violation {
  check: string;
  /** `error` fails the case; `warning` is an advisory shown in reports. */
  severity: 'error' | 'warning';
  message: string;
  expected: string;
  received: string;
  /** Where in the response: a JSON pointer into the body, or `header:<name>`, or `status-line`. */
  pointer: string;
}

export type Check = (input: CheckInput) => Violation[];
