// A case is one request the suite sends and the status it expects back. Cases are plain data: derived
// from the spec without touching the network, written to disk, read back by Jest.

import type { Form } from './forms';

/** How a case authenticates: the real key, or one of the probes that must be refused with 401. */
export type AuthMode =
  | 'valid'
  /** The valid key under `bearer` and `BEARER`: an auth scheme is case-insensitive (RFC 9110 §11.1). */
  | 'scheme-lowercase'
  | 'scheme-uppercase'
  | 'lapsed'
  | 'none'
  | 'other-scheme'
  | 'empty-token'
  | 'unknown-key';

export type CaseKind =
  | 'success' // a valid request: the documented 2xx
  | 'invalid' // a request the spec forbids: 400
  | 'not-found' // an id that cannot exist: 404
  | 'forced' // the target honours Prefer: code=NNN (the mock): any documented status
  | 'lapsed' // the user's lapsed-account key: 402
  | 'auth-probe' // no key, another scheme, empty token, unknown key: 401
  | 'generated'; // property-based: `generated.runs` valid requests from the schemas, each a documented success

/** A value taken from an earlier case's response, as an OpenAPI link says (`$response.body#/data/group/id`). */
export interface LinkedValue {
  fromCase: string;
  pointer: string;
}

export type ParamValue = { value: string } | { linked: LinkedValue };

export type Disposition =
  | { kind: 'run' }
  | { kind: 'not-provoked'; reason: string }
  /** A checked-in waiver covers this case: its violations (of `check`, or all) are reported as waived. */
  | { kind: 'waived'; reason: string; check?: string };

export interface Case {
  /** Unique and stable: `<operationId> <status> <variant>`. */
  id: string;
  operationId: string;
  method: string;
  /** Spec path template, relative to the target base URL. */
  path: string;
  expectedStatus: number;
  /** Every status that passes the case, when more than one does (a create's 200 and 201); else just expectedStatus. */
  acceptedStatuses?: number[];
  kind: CaseKind;
  /** What the case does, for people: "a request without the required group_name". */
  title: string;
  auth: AuthMode;
  pathParams: Record<string, ParamValue>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  /** A negative case's broken body field: no link puts a valid value back into it. */
  brokenField?: string;
  /** The documented forms this case writes body fields in (customer_id as a string): applied after the links too. */
  forms?: Record<string, Form>;
  /** Body fields taken from an earlier case's answer: a sale's customer_id from the customer the run created. */
  bodyLinks?: Record<string, LinkedValue>;
  /** Cases that must have finished first (a create before its fetch, every use before the delete). */
  dependsOn: string[];
  /** POST, PUT or DELETE: changes data on the target. */
  writes: boolean;
  /** For creates: where the new record's key is in the response, and the delete case that removes it. */
  creates?: { keyPointer: string; deleteOperationId: string; keyParam: string };
  disposition: Disposition;
  /** `setup`: run only because a selected case needs it; reported as set-up, not as a test. */
  role?: 'test' | 'setup';
  /** A generated case: how many valid requests fast-check draws from the body and query schemas. */
  generated?: { runs: number };
  /** Creates sent side by side: `count` creates at once, each with a body of its own, each given its own key. */
  concurrent?: { count: number };
  /** Query values taken from an earlier case's answer: a list filtered by the run's own record's field. */
  queryLinks?: Record<string, LinkedValue>;
  /** A list read to judge the run's own record in it (filter-conformance, list-consistency). */
  listProbe?: ListProbe;
}

export interface ListProbe {
  check: 'filter-conformance' | 'list-consistency';
  /** The run's record is listed (after its create), listed with its edit, or no longer listed (after its delete). */
  expect: 'present' | 'edited' | 'absent';
  /** Where the list answers its records: `data.<wrapper>`. */
  wrapper: string;
  /** The record field that holds its key, and where the create's answer has the key. */
  keyField: string;
  key: LinkedValue;
  /** The equality filter the list is read through (its query parameter and the record field it matches). */
  filter?: { name: string; field: string };
  /** For `edited`: the body the edit sent. */
  edited?: Record<string, unknown>;
}

export interface Plan {
  specFile: string;
  target: string;
  cases: Case[];
  /** What the derivation knew about the target. */
  assumptions: DeriveOptions;
}

export interface DeriveOptions {
  /** The target answers `Prefer: code=NNN` with that status (the kit's mock does). */
  honoursPrefer: boolean;
  /** The user gave a lapsed-account key (`--lapsed-key`). */
  hasLapsedKey: boolean;
  /** POST, PUT and DELETE may be sent (loopback target or `--allow-writes`). */
  writesAllowed: boolean;
  /** Makes generated keys (invoice codes) unique per run; same seed, same cases. */
  seed: number;
  /** Generated valid requests per operation (`--examples`); 0 or absent: none. */
  examples?: number;
  /** The target's lists show what a run writes (false: the kit's mock in static mode, which says so). */
  listsReflectWrites?: boolean;
  /** Requests in flight at once (`--concurrency`): how many creates the concurrent-create case sends side by side. */
  concurrency?: number;
}
