// What a check sees and what it returns. Checks never throw or print for a contract problem: they
// return violations, each with the rule's name, what was expected, what came back and where.
import type { SchemaObject } from '../document';
import type { JsonReading } from '../strict-json';
import type { Exchange } from './exchange';

export interface SchemaError {
  /** JSON pointer inside the validated value. */
  pointer: string;
  message: string;
}

/** What the request was expected to get: all a check reads of the suite's case (or of the proxy's traffic). */
export interface Expectation {
  operationId: string;
  /** Shown in messages: "a valid request", "no key" … */
  title: string;
  expectedStatus: number;
  /** Every status that is right for this request (a create may answer 200 or 201); default [expectedStatus]. */
  acceptedStatuses?: number[];
  /** `valid` when the request carried the accepted key. */
  auth?: string;
}

export interface CheckInput {
  case: Expectation;
  exchange: Exchange;
  /** The body parsed as JSON, when it parses strictly (openapi/strict-json.ts). */
  json?: JsonReading['json'];
  /** Why a complete body could not be read as JSON (syntax, a repeated name, a number too large, too deep). */
  jsonProblem?: JsonReading['jsonProblem'];
  /** The operation's documented response schema for the status that came back, if any. */
  responseSchema?: SchemaObject;
  validate(schema: SchemaObject, value: unknown): SchemaError[];
  /** The JSON body the case sent, if any (after links filled it in). */
  sentBody?: unknown;
  /** A fetch: the key it asked for, and the record field that must hold it. */
  requestedKey?: { field: string; value: string; wrapper: string };
  /**
   * The read that followed a successful create, edit or delete of a record (GET of the same key): what the
   * stateful checks judge. `wrapper` is where the fetch answers the record (`data.customer`).
   */
  followUp?: FollowUp;
  /** A list read to judge the run's own record in it: what to find, by which key, through which filter. */
  listProbe?: {
    check: 'filter-conformance' | 'list-consistency';
    expect: 'present' | 'edited' | 'absent';
    wrapper: string;
    keyField: string;
    key: string;
    filter?: { name: string; field: string; value?: string };
    edited?: Record<string, unknown>;
    /** The record's own fetch at the same moment: the list is judged only where the fetch is right. */
    fetched?: { status: number; record?: Record<string, unknown> };
  };
  /** Creates sent side by side with this one: the key each was given (undefined: none), in sending order. */
  siblings?: { keys: Array<string | undefined>; pointer: string };
}

export interface FollowUp {
  /** What the case did to the record. */
  action: 'create' | 'edit' | 'delete';
  exchange: Exchange;
  json?: { value: unknown };
  wrapper?: string;
  /** The record schema the fetch documents: only fields it declares are compared. */
  recordSchema?: SchemaObject;
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
