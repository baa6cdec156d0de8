// Running a plan: resolves links between cases, sends (the sender bounds concurrency), checks each answer,
// and afterwards deletes what this run created and did not delete itself (never anything else), whatever
// happened to the cases. An exception while building, sending or checking a case is that case's failure.

import fc from 'fast-check';
import { createValidator } from '../../openapi/ajv';
import { runChecks } from '../../openapi/conformance';
import type { FollowUp, SchemaError, Violation } from '../../openapi/conformance/types';
import { asParameter, parameterOf, uniqueFields } from '../../openapi/extensions';
import { propertySchema, type Schema } from '../../openapi/schema-walk';
import { jsonMedia, type LoadedSpec, type Operation, type SchemaObject } from '../../openapi/spec';
import { type JsonReading, readJsonBody } from '../../openapi/strict-json';
import { arbitraryFor, objectOf } from '../cases/arbitraries';
import type { Case } from '../cases/case';
import { applyForms, type Form, formOf, formVariants, inForm } from '../cases/forms';
import { pathNames, uniqueNumbers, withFreshUnique } from '../cases/unique';
import { type Exchange, NotSentError, type OutgoingRequest, type Sender } from '../send/sender';

export type Outcome = 'passed' | 'failed' | 'not-provoked' | 'waived';

export interface CaseResult {
  case: Case;
  outcome: Outcome;
  /** Why a case was not provoked or was waived. */
  reason?: string;
  exchange?: Exchange;
  /** The read that followed a successful create, edit or delete, for the stateful checks. */
  followUp?: Exchange;
  /** Violations that fail the case (errors not covered by a waiver). */
  violations: Violation[];
  /** Advisories and waived violations: reported, never failing. */
  notes: Violation[];
}

export interface Credentials {
  apiKey: string;
  lapsedKey?: string;
}

export interface RunOptions {
  /** The API base URL, e.g. http://127.0.0.1:4010/api/v1 */
  target: string;
  credentials: Credentials;
  sender: Sender;
  spec: LoadedSpec;
  onResult?: (result: CaseResult) => void;
  /** Once aborted, no further case is sent; what is in flight finishes and the clean-up still runs. */
  signal?: AbortSignal;
  /** Seeds the generated requests (with each case's id): the same seed draws the same requests. */
  seed?: number;
  /** After this many timed-out requests for one operation, its remaining cases fail without being sent. */
  timeoutsPerOperation?: number;
}

/** How many timed-out requests for one operation end its remaining cases, by default. */
export const TIMEOUTS_PER_OPERATION = 3;

/** What a result keeps of an answer's body: enough for every view, never the whole body. */
export const PREVIEW_CHARS = 2048;

/** The operation's requests timed out too often: its remaining cases fail without being sent. */
class OperationTimedOut extends Error {}

export interface RunResult {
  results: CaseResult[];
  cleanup: { deleted: string[]; failed: string[] };
  /** Wall time of the replay, clean-up included. */
  ms: number;
}

interface Created {
  deleteOperationId: string;
  keyParam: string;
  key: string;
}

export async function runCases(cases: Case[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const byId = new Map(cases.map((c) => [c.id, c]));
  const running = new Map<string, Promise<CaseResult>>();
  const bodies = new Map<string, unknown>();
  // Only the answers other cases take values from are kept whole, and only until the run ends.
  const linkSources = new Set(
    cases.flatMap((c) => [
      ...Object.values(c.pathParams).flatMap((p) => ('linked' in p ? [p.linked.fromCase] : [])),
      ...Object.values(c.bodyLinks ?? {}).map((l) => l.fromCase),
      ...Object.values(c.queryLinks ?? {}).map((l) => l.fromCase),
      ...(c.listProbe ? [c.listProbe.key.fromCase] : []),
    ]),
  );
  const timeouts = new Map<string, number>();
  const timeoutLimit = options.timeoutsPerOperation ?? TIMEOUTS_PER_OPERATION;
  /** Every request a case makes goes through here: an operation whose requests keep timing out stops sending. */
  const send = async (c: Case, outgoing: OutgoingRequest): Promise<Exchange> => {
    // Judged when the request has its slot: requests queued behind the first timeouts are not sent either.
    const stillSending = () => {
      const tripped = timeouts.get(c.operationId) ?? 0;
      if (tripped >= timeoutLimit)
        throw new OperationTimedOut(`not sent: ${tripped} requests to ${c.operationId} timed out`);
    };
    const exchange = await options.sender.send(outgoing, options.signal, stillSending);
    if (exchange.error?.kind === 'timeout') timeouts.set(c.operationId, (timeouts.get(c.operationId) ?? 0) + 1);
    return exchange;
  };
  const validate = sharedValidator;
  const createsByOperation = new Map(cases.filter((c) => c.creates).map((c) => [c.operationId, c.creates]));
  const created: Created[] = [];
  const deleted = new Set<string>();

  const runOne = (c: Case): Promise<CaseResult> => {
    const existing = running.get(c.id);
    if (existing) return existing;
    const promise = (async (): Promise<CaseResult> => {
      await Promise.all(
        c.dependsOn
          .map((d) => byId.get(d))
          .filter((d): d is Case => d !== undefined)
          .map(runOne),
      );
      if (c.disposition.kind === 'not-provoked') {
        return { case: c, outcome: 'not-provoked', reason: c.disposition.reason, violations: [], notes: [] };
      }
      if (options.signal?.aborted) {
        return { case: c, outcome: 'not-provoked', reason: notSentReason(options.signal), violations: [], notes: [] };
      }
      try {
        return compact(await sendAndCheck(c));
      } catch (error) {
        if (error instanceof NotSentError)
          return {
            case: c,
            outcome: 'not-provoked',
            reason: options.signal?.aborted ? notSentReason(options.signal) : error.message,
            violations: [],
            notes: [],
          };
        if (error instanceof OperationTimedOut) return timedOutOperation(c, error.message);
        return toolError(c, error);
      }
    })();
    running.set(c.id, promise);
    promise.then((result) => options.onResult?.(result)).catch(() => undefined);
    return promise;
  };

  /** Fresh values for the fields the contract calls unique, in requests made at send time (generated, side by side). */
  const freshNumber = uniqueNumbers(options.seed ?? 0, 1);

  /** A record the target made for this case's request: remembered for the clean-up (a forced answer made none). */
  const rememberCreated = (c: Case, status: number, json: { value: unknown } | undefined) => {
    const creates = c.kind === 'forced' ? undefined : createsByOperation.get(c.operationId);
    if (!creates || status < 200 || status >= 300 || !json) return;
    const key = pointerValue(json.value, creates.keyPointer);
    if (key === undefined || key === null) return;
    const remover = options.spec.operations.find((o) => o.operationId === creates.deleteOperationId);
    const trimmed = asParameter(parameterOf(remover, creates.keyParam, 'path'), key);
    // A key handed out twice (creates side by side) is deleted once.
    if (created.some((x) => x.deleteOperationId === creates.deleteOperationId && x.key === trimmed)) return;
    created.push({ ...creates, key: trimmed });
  };

  const sendAndCheck = async (c: Case): Promise<CaseResult> => {
    if (c.kind === 'generated') return runGenerated(c);
    if (c.concurrent) return runConcurrent(c, c.concurrent.count);
    const params = resolveParams(
      c,
      bodies,
      options.spec.operations.find((o) => o.operationId === c.operationId),
    );
    if ('blocked' in params) {
      return { case: c, outcome: 'not-provoked', reason: params.blocked, violations: [], notes: [] };
    }
    const unsafe = await addressesForeignRecord(c, params.values, options, (o) => send(c, o));
    if (unsafe) return { case: c, outcome: 'not-provoked', reason: unsafe, violations: [], notes: [] };
    const asSent = params.query ? { ...c, query: params.query } : c;
    const outgoing = buildRequest(options.target, asSent, params.values, options.credentials, params.body);
    const exchange = await send(c, outgoing);
    const reading = parseJson(exchange);
    const { json } = reading;
    if (json && linkSources.has(c.id)) bodies.set(c.id, json.value);

    const status = exchange.response?.status ?? 0;
    rememberCreated(c, status, json);
    if (c.method === 'DELETE' && status >= 200 && status < 300) {
      for (const value of Object.values(params.values)) deleted.add(`${c.operationId} ${value}`);
    }

    const own = options.spec.operations.find((o) => o.operationId === c.operationId);
    const responseSchema = jsonMedia(own?.responses[String(status)])?.schema as SchemaObject | undefined;
    const sentBody = outgoing.body === undefined ? undefined : (JSON.parse(outgoing.body) as unknown);
    const followUp =
      own && c.kind === 'success' && status >= 200 && status < 300
        ? await readBack(c, own, params.values, json?.value, options, (o) => send(c, o))
        : undefined;
    const requestedKey = own ? keyAskedFor(c, own, params.values) : undefined;
    // A list judged against the run's record is judged only where the record's own fetch is right: a fetch that is
    // wrong is the fetch checks' finding (edit-persisted, use-after-free), not the list's.
    const fetched =
      own && c.listProbe?.check === 'list-consistency' && params.probeKey !== undefined
        ? await fetchByKey(own, params.probeKey, options, (o) => send(c, o))
        : undefined;
    const all = runChecks({
      case: c,
      exchange,
      ...reading,
      ...(responseSchema ? { responseSchema } : {}),
      validate,
      ...(sentBody === undefined ? {} : { sentBody }),
      ...(followUp ? { followUp } : {}),
      ...(requestedKey ? { requestedKey } : {}),
      ...(c.listProbe && params.probeKey !== undefined
        ? {
            listProbe: {
              ...c.listProbe,
              key: params.probeKey,
              ...(c.listProbe.filter && params.query
                ? { filter: { ...c.listProbe.filter, value: params.query[c.listProbe.filter.name] ?? '' } }
                : {}),
              ...(fetched ? { fetched } : {}),
            },
          }
        : {}),
    });
    return { ...classify(c, exchange, all), ...(followUp ? { followUp: followUp.exchange } : {}) };
  };

  /**
   * A generated case: fast-check draws `runs` valid requests from the body and query schemas (links and fresh
   * invoice codes applied), sends each, and requires every check to pass. A failure is shrunk to a minimal
   * request, which is sent once more so its exchange explains the failure; the seed replays it exactly.
   */
  const runGenerated = async (c: Case): Promise<CaseResult> => {
    const params = resolveParams(
      c,
      bodies,
      options.spec.operations.find((o) => o.operationId === c.operationId),
    );
    if ('blocked' in params)
      return { case: c, outcome: 'not-provoked', reason: params.blocked, violations: [], notes: [] };
    const own = options.spec.operations.find((o) => o.operationId === c.operationId);
    const bodySchema = jsonMedia(own?.operation.requestBody as never)?.schema as Schema | undefined;
    const queryModel: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of own?.parameters.filter((p) => p.in === 'query') ?? []) {
      queryModel[p.name] = arbitraryFor(p.schema as Schema | undefined).map((v) => String(v));
    }
    const input = fc.record({
      body: bodySchema ? objectOf(bodySchema) : fc.constant(undefined),
      query: fc.record(queryModel, { requiredKeys: [] }),
    });
    const creates = createsByOperation.get(c.operationId);
    const linked = (params.body ?? {}) as Record<string, unknown>;
    type Drawn = { body: Record<string, unknown> | undefined; query: Record<string, unknown> };
    const tryOne = async (drawn: Drawn) => {
      let body = drawn.body;
      if (body) {
        // A linked field takes the earlier answer's value in the form drawn for it (a customer's id as "7" or 7).
        for (const field of Object.keys(c.bodyLinks ?? {})) {
          const drawnForm: Form | undefined = field in body ? formOf(body[field]) : undefined;
          const value: unknown = drawnForm === undefined ? undefined : inForm(linked[field], drawnForm);
          body = { ...body, [field]: value ?? linked[field] };
        }
        // Unique values are new in every draw, shrinking included: a duplicate would be a refusal the suite provoked.
        if (own) body = withFreshUnique(own, body, freshNumber, pathNames(own));
        // An edit addresses its record by the path's key: a body field of the same name says the same key (an edit
        // does not move a record to another key).
        if (own?.store?.action === 'edit') {
          for (const p of own.parameters.filter((p) => p.in === 'path')) {
            if (p.name in body && params.values[p.name] !== undefined)
              body = { ...body, [p.name]: params.values[p.name] };
          }
        }
      }
      const outgoing = buildRequest(
        options.target,
        { ...c, query: drawn.query as Record<string, string> },
        params.values,
        options.credentials,
        body,
      );
      const exchange = await send(c, outgoing);
      const reading = parseJson(exchange);
      const status = exchange.response?.status ?? 0;
      rememberCreated(c, status, reading.json);
      const responseSchema = jsonMedia(own?.responses[String(status)])?.schema as SchemaObject | undefined;
      // Generated creates and edits are read back like the example-based ones: a server that cuts long strings or
      // drops an accented name fails here, whatever the examples look like.
      const followUp =
        own && status >= 200 && status < 300 && (own.store?.action === 'create' || own.store?.action === 'edit')
          ? await readBack(creates ? { ...c, creates } : c, own, params.values, reading.json?.value, options, (o) =>
              send(c, o),
            )
          : undefined;
      const found = runChecks({
        case: c,
        exchange,
        ...reading,
        ...(responseSchema ? { responseSchema } : {}),
        validate,
        ...(body === undefined ? {} : { sentBody: body }),
        ...(followUp ? { followUp } : {}),
      });
      return { exchange, found };
    };
    const seed = generationSeed(options.seed ?? 0, c.id);
    const runs = c.generated?.runs ?? 0;
    let lastExchange: Exchange | undefined;
    // First without shrinking: a request that timed out (or was not sent) is the counterexample as it was sent,
    // since shrinking it would send more requests that wait out the timeout. Any other failure is then replayed
    // from its path and shrunk.
    let unanswered: { exchange?: Exchange; found?: Violation[]; error?: unknown } | undefined;
    let stopShrinking = false;
    const property = (shrinking: boolean) =>
      fc.asyncProperty(input, async (drawn) => {
        // While shrinking, a candidate that cannot be sent (interrupted, its operation timed out) ends the search:
        // it and every later candidate count as passing, so nothing more is sent.
        if (shrinking && stopShrinking) return true;
        try {
          const { exchange, found } = await tryOne(drawn as Drawn);
          lastExchange = exchange;
          if (exchange.error?.kind === 'timeout') {
            if (shrinking) {
              stopShrinking = true;
              return true;
            }
            unanswered = { exchange, found };
          }
          return !found.some((v) => v.severity === 'error');
        } catch (error) {
          if (shrinking) {
            stopShrinking = true;
            return true;
          }
          unanswered = { error };
          return false;
        }
      });
    // The first draws write the example in each other documented form (customer_id as a string, amounts as
    // numbers, a null discount): generated requests cover every form, whatever the seed draws after them.
    const template = own && c.body && typeof c.body === 'object' ? (c.body as Record<string, unknown>) : undefined;
    const examples: Array<[Drawn]> =
      own && template
        ? formVariants(own, template)
            .slice(0, Math.max(0, runs - 1))
            .map((forms) => [{ body: applyForms(template, forms), query: {} }])
        : [];
    const first = await fc.check(property(false), { seed, numRuns: runs, endOnFailure: true, examples });
    if (unanswered?.error) throw unanswered.error;
    if (unanswered?.exchange && unanswered.found) {
      return {
        ...classify(c, unanswered.exchange, unanswered.found),
        reason: `generated request ${first.numRuns} of ${runs} timed out; not shrunk (fast-check seed ${seed}); the same run seed replays it: --seed ${options.seed ?? 0} --operation ${c.operationId}`,
      };
    }
    if (!first.failed || !first.counterexample) {
      const result: CaseResult = { case: c, outcome: 'passed', violations: [], notes: [] };
      return lastExchange ? { ...result, exchange: lastExchange } : result;
    }
    const replayed = await fc.check(property(true), {
      seed,
      numRuns: runs,
      examples,
      ...(first.counterexamplePath ? { path: first.counterexamplePath } : {}),
    });
    const details = replayed.failed && replayed.counterexample ? replayed : first;
    const [shrunk] = details.counterexample as [Drawn];
    const { exchange, found } = await tryOne(shrunk);
    const result = classify(c, exchange, found);
    const reason =
      `generated request ${first.numRuns} of ${runs} failed and was shrunk in ${details.numShrinks} steps to the request ` +
      `below (fast-check seed ${seed}, path ${details.counterexamplePath ?? ''}); the same run seed replays it: ` +
      `--seed ${options.seed ?? 0} --operation ${c.operationId}`;
    if (result.violations.length > 0) return { ...result, outcome: 'failed', reason };
    return {
      ...result,
      outcome: 'failed',
      reason,
      violations: [
        {
          check: 'tool-error',
          severity: 'error',
          message:
            'a generated request failed, but its minimal form passed when sent again: the target is not deterministic',
          expected: 'the same answer to the same request',
          received: 'a different one',
          pointer: '',
        },
      ],
    };
  };

  /**
   * Creates side by side: `count` creates of one collection sent at once, each body made its own (a string field
   * told apart, codes the client chooses fresh). Each must succeed with a key no other got (`concurrent-creates`),
   * and each record, read back, must hold what its own request sent (the create's usual checks).
   */
  const runConcurrent = async (c: Case, count: number): Promise<CaseResult> => {
    const params = resolveParams(
      c,
      bodies,
      options.spec.operations.find((o) => o.operationId === c.operationId),
    );
    if ('blocked' in params)
      return { case: c, outcome: 'not-provoked', reason: params.blocked, violations: [], notes: [] };
    const own = options.spec.operations.find((o) => o.operationId === c.operationId);
    const bodySchema = jsonMedia(own?.operation.requestBody as never)?.schema as Schema | undefined;
    const template = (params.body ?? c.body) as Record<string, unknown> | undefined;
    const sent = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const body = template && own ? distinctBody(own, template, bodySchema, i, freshNumber) : undefined;
        const outgoing = buildRequest(options.target, c, params.values, options.credentials, body);
        const exchange = await send(c, outgoing);
        const reading = parseJson(exchange);
        const status = exchange.response?.status ?? 0;
        rememberCreated(c, status, reading.json);
        const key =
          status >= 200 && status < 300 && reading.json && c.creates
            ? pointerValue(reading.json.value, c.creates.keyPointer)
            : undefined;
        return {
          body,
          exchange,
          reading,
          status,
          key: key === undefined || key === null ? undefined : String(key),
        };
      }),
    );
    const keys = sent.map((s) => s.key);
    const sharedKeys = new Set(keys.filter((k, i) => k !== undefined && keys.indexOf(k) !== i));
    const violations: Violation[] = [];
    for (const [i, s] of sent.entries()) {
      const responseSchema = jsonMedia(own?.responses[String(s.status)])?.schema as SchemaObject | undefined;
      // A key given twice is concurrent-creates' finding: the records behind it cannot be told apart.
      const followUp =
        own && s.status >= 200 && s.status < 300 && s.key !== undefined && !sharedKeys.has(s.key)
          ? await readBack(c, own, params.values, s.reading.json?.value, options, (o) => send(c, o))
          : undefined;
      const found = runChecks({
        case: c,
        exchange: s.exchange,
        ...s.reading,
        ...(responseSchema ? { responseSchema } : {}),
        validate,
        ...(s.body === undefined ? {} : { sentBody: s.body }),
        ...(followUp ? { followUp } : {}),
        // The keys are judged once, with the first create.
        ...(i === 0 ? { siblings: { keys, pointer: c.creates?.keyPointer ?? '' } } : {}),
      });
      for (const v of found) {
        if (!violations.some((w) => w.check === v.check && w.message === v.message)) violations.push(v);
      }
    }
    // The exchange shown: a create that did not succeed, else the first.
    const shown = sent.find((s) => s.status < 200 || s.status >= 300) ?? sent[0];
    return classify(c, shown?.exchange as Exchange, violations);
  };

  let results: CaseResult[] = [];
  let cleanup: RunResult['cleanup'] = { deleted: [], failed: [] };
  try {
    results = await Promise.all(cases.map(runOne));
  } finally {
    cleanup = await cleanUp(created, deleted, options);
  }
  return { results, cleanup, ms: Math.round(performance.now() - started) };
}

/** Each generated case draws from its own seed: the run's seed and the case's id. */
function generationSeed(seed: number, id: string): number {
  let h = seed | 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h | 0;
}

/** The suite itself failed on this case (a bug, a value it could not handle): reported, never hidden. */
function toolError(c: Case, error: unknown): CaseResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    case: c,
    outcome: 'failed',
    violations: [
      {
        check: 'tool-error',
        severity: 'error',
        message: `the suite failed on this case: ${message}`,
        expected: 'the case to be built, sent and checked',
        received: message,
        pointer: '',
      },
    ],
    notes: [],
  };
}

function classify(c: Case, exchange: Exchange, all: Violation[]): CaseResult {
  const waiver = c.disposition.kind === 'waived' ? c.disposition : undefined;
  const waived = (v: Violation) => waiver !== undefined && (waiver.check === undefined || waiver.check === v.check);
  const violations = all.filter((v) => v.severity === 'error' && !waived(v));
  const notes = all.filter((v) => v.severity !== 'error' || waived(v));
  const outcome: Outcome = violations.length > 0 ? 'failed' : waiver ? 'waived' : 'passed';
  return { case: c, outcome, exchange, violations, notes, ...(waiver ? { reason: waiver.reason } : {}) };
}

async function cleanUp(created: Created[], deleted: Set<string>, options: RunOptions): Promise<RunResult['cleanup']> {
  const done: string[] = [];
  const failed: string[] = [];
  // Newest first: a sale goes before the customer it names.
  for (const record of [...created].reverse()) {
    if (deleted.has(`${record.deleteOperationId} ${record.key}`)) continue;
    const op = options.spec.operations.find((o) => o.operationId === record.deleteOperationId);
    if (!op) continue;
    const url = `${options.target}${op.path.replace(`{${record.keyParam}}`, encodeURIComponent(record.key))}`;
    const exchange = await options.sender.send({
      method: 'DELETE',
      url,
      headers: { authorization: `Bearer ${options.credentials.apiKey}`, accept: 'application/json' },
    });
    const status = exchange.response?.status ?? 0;
    (status >= 200 && status < 300 ? done : failed).push(`${record.deleteOperationId} ${record.key}`);
  }
  return { deleted: done, failed };
}

/** A fetch's key: the record it answers must hold it. */
function keyAskedFor(
  c: Case,
  own: Operation,
  params: Record<string, string>,
): { field: string; value: string; wrapper: string } | undefined {
  if (c.kind !== 'success' || own.store?.action !== 'fetch' || !own.store.wrapper) return undefined;
  const field = own.parameters.find((p) => p.in === 'path')?.name;
  const value = field === undefined ? undefined : params[field];
  return field === undefined || value === undefined ? undefined : { field, value, wrapper: own.store.wrapper };
}

/** The operation that reads a record of the same collection: a GET on the same path, else the collection's fetch. */
function readOperationFor(own: Operation | undefined, path: string, options: RunOptions): Operation | undefined {
  return (
    options.spec.operations.find((o) => o.method === 'get' && o.path === path) ??
    options.spec.operations.find((o) => o.store?.action === 'fetch' && o.store.collection === own?.store?.collection)
  );
}

/** The run's own record fetched by its key (the collection's fetch): its status and the record it answered. */
async function fetchByKey(
  list: Operation,
  key: string,
  options: RunOptions,
  send: (outgoing: OutgoingRequest) => Promise<Exchange>,
): Promise<{ status: number; record?: Record<string, unknown> } | undefined> {
  const read = options.spec.operations.find(
    (o) => o.store?.action === 'fetch' && o.store.collection === list.store?.collection,
  );
  const keyParam = read?.parameters.find((p) => p.in === 'path')?.name;
  if (!read || !keyParam) return undefined;
  const exchange = await send({
    method: 'GET',
    url: `${options.target}${read.path.replace(`{${keyParam}}`, encodeURIComponent(asParameter(parameterOf(read, keyParam, 'path'), key)))}`,
    headers: { accept: 'application/json', authorization: `Bearer ${options.credentials.apiKey}` },
  });
  const { json } = parseJson(exchange);
  const data = (json?.value as { data?: Record<string, unknown> } | undefined)?.data;
  const record = read.store?.wrapper ? data?.[read.store.wrapper] : undefined;
  return {
    status: exchange.response?.status ?? 0,
    ...(record && typeof record === 'object' && !Array.isArray(record)
      ? { record: record as Record<string, unknown> }
      : {}),
  };
}

/**
 * After a successful create, edit or delete, the same record is read back (a GET of its key), so the stateful
 * checks can judge what the server kept: the created values, the edit, the deletion.
 */
async function readBack(
  c: Case,
  own: Operation,
  params: Record<string, string>,
  answer: unknown,
  options: RunOptions,
  send: (outgoing: OutgoingRequest) => Promise<Exchange>,
): Promise<FollowUp | undefined> {
  const action = own.store?.action;
  if (action !== 'create' && action !== 'edit' && action !== 'delete') return undefined;
  const read = readOperationFor(own, own.path, options);
  const keyParam = read?.parameters.find((p) => p.in === 'path')?.name;
  if (!read || !keyParam) return undefined;
  const key =
    action === 'create'
      ? c.creates
        ? pointerValue(answer, c.creates.keyPointer)
        : undefined
      : params[own.parameters.find((p) => p.in === 'path')?.name ?? ''];
  if (key === undefined || key === null || typeof key === 'object') return undefined;
  const path = read.path.replace(
    `{${keyParam}}`,
    encodeURIComponent(asParameter(parameterOf(read, keyParam, 'path'), key)),
  );
  const exchange = await send({
    method: 'GET',
    url: `${options.target}${path}`,
    headers: { accept: 'application/json', authorization: `Bearer ${options.credentials.apiKey}` },
  });
  const { json } = parseJson(exchange);
  const wrapper = read.store?.wrapper;
  const recordSchema = wrapper
    ? propertySchema(propertySchema(jsonMedia(read.responses['200'])?.schema as SchemaObject, 'data'), wrapper)
    : undefined;
  return {
    action,
    exchange,
    ...(json ? { json } : {}),
    ...(wrapper ? { wrapper } : {}),
    ...(recordSchema ? { recordSchema } : {}),
  };
}

/**
 * A PUT or DELETE aimed at an id the run did not create (a 404 case, an auth probe, a lapsed-key probe) is sent
 * only after a GET of the same path shows that no record is there: should the target be wrong about auth or
 * about the id, nothing that belongs to someone else can change. Returns the reason when it is not safe.
 */
async function addressesForeignRecord(
  c: Case,
  params: Record<string, string>,
  options: RunOptions,
  send: (outgoing: OutgoingRequest) => Promise<Exchange>,
): Promise<string | undefined> {
  if ((c.method !== 'PUT' && c.method !== 'DELETE') || c.kind === 'forced') return undefined;
  const linked = Object.values(c.pathParams).some((p) => 'linked' in p);
  if (linked || Object.keys(c.pathParams).length === 0) return undefined;
  // The record's own read: a GET on the same path, else the fetch of the same collection (/sales/edit/{code}
  // is read at /sales/{code}).
  const own = options.spec.operations.find((o) => o.operationId === c.operationId);
  const read = readOperationFor(own, c.path, options);
  if (!read) return `not sent: no GET can show that ${c.path}'s id is free, and the suite changes only its own records`;
  const path = read.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const probe = await send({
    method: 'GET',
    url: `${options.target}${path}`,
    headers: { accept: 'application/json', authorization: `Bearer ${options.credentials.apiKey}` },
  });
  const status = probe.response?.status;
  if (status === 404 || status === 400) return undefined;
  return `not sent: GET ${path} answered ${status ?? probe.error?.message}, so the id may hold a record this run did not create`;
}

function resolveParams(
  c: Case,
  bodies: Map<string, unknown>,
  own: Operation | undefined,
):
  | { values: Record<string, string>; body?: unknown; query?: Record<string, string>; probeKey?: string }
  | { blocked: string } {
  const values: Record<string, string> = {};
  for (const [name, param] of Object.entries(c.pathParams)) {
    if ('value' in param) {
      values[name] = param.value;
      continue;
    }
    const value = pointerValue(bodies.get(param.linked.fromCase), param.linked.pointer);
    if (value === undefined || value === null || typeof value === 'object') {
      return { blocked: `blocked: "${param.linked.fromCase}" gave no ${param.linked.pointer} to use` };
    }
    // A key read from an answer goes in as the parameter takes it (x-xtrakit-trim: an item code without the
    // leading space the docs' answers show).
    values[name] = asParameter(parameterOf(own, name, 'path'), value);
  }
  let query: Record<string, string> | undefined;
  for (const [name, link] of Object.entries(c.queryLinks ?? {})) {
    const value = pointerValue(bodies.get(link.fromCase), link.pointer);
    if (value === undefined || value === null || typeof value === 'object') {
      return { blocked: `blocked: "${link.fromCase}" gave no ${link.pointer} for ?${name}=` };
    }
    query = { ...(query ?? c.query), [name]: asParameter(parameterOf(own, name, 'query'), value) };
  }
  let probeKey: string | undefined;
  if (c.listProbe) {
    const value = pointerValue(bodies.get(c.listProbe.key.fromCase), c.listProbe.key.pointer);
    if (value === undefined || value === null || typeof value === 'object') {
      return { blocked: `blocked: "${c.listProbe.key.fromCase}" gave no ${c.listProbe.key.pointer}` };
    }
    probeKey = String(value);
  }
  const extra = { ...(query ? { query } : {}), ...(probeKey === undefined ? {} : { probeKey }) };
  if (!c.bodyLinks) return { values, ...extra };
  const body = { ...(c.body as Record<string, unknown>) };
  for (const [field, link] of Object.entries(c.bodyLinks)) {
    const value = pointerValue(bodies.get(link.fromCase), link.pointer);
    if (value === undefined || value === null || typeof value === 'object') {
      return { blocked: `blocked: "${link.fromCase}" gave no ${link.pointer} for ${field}` };
    }
    // In the form the case sends it (a customer's id 7 as "7"), where it has one.
    const form = c.forms?.[field];
    body[field] = form === undefined ? value : (inForm(value, form) ?? value);
  }
  return { values, body, ...extra };
}

export function buildRequest(
  target: string,
  c: Case,
  params: Record<string, string>,
  credentials: Credentials,
  body: unknown = c.body,
): OutgoingRequest {
  const path = c.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const query = new URLSearchParams(c.query).toString();
  const headers: Record<string, string> = { accept: 'application/json', ...c.headers };
  const authorization = authorizationFor(c.auth, credentials);
  if (authorization !== undefined) headers.authorization = authorization;
  const text = body === undefined ? undefined : JSON.stringify(body);
  if (text !== undefined) headers['content-type'] = 'application/json';
  return {
    method: c.method,
    url: `${target}${path}${query ? `?${query}` : ''}`,
    headers,
    ...(text === undefined ? {} : { body: text }),
  };
}

/**
 * The `i`-th of several bodies sent side by side: the first plain string field (no enum, const, pattern or format)
 * gets " #i" (within its maxLength), every value the contract calls unique is fresh, so each record can be told apart.
 */
function distinctBody(
  op: Operation,
  body: Record<string, unknown>,
  schema: Schema | undefined,
  i: number,
  fresh: () => number,
): Record<string, unknown> {
  const out = { ...withFreshUnique(op, body, fresh, pathNames(op)) };
  const unique = new Set(uniqueFields(op).map((u) => u.field));
  for (const [field, value] of Object.entries(out)) {
    if (typeof value !== 'string' || unique.has(field)) continue;
    const own = propertySchema(schema as never, field) as Record<string, unknown> | undefined;
    if (!own || own.enum || 'const' in own || own.pattern || own.format) continue;
    const types = [own.type].flat();
    if (!types.includes('string')) continue;
    const suffix = ` #${i + 1}`;
    const max = typeof own.maxLength === 'number' ? own.maxLength : Number.POSITIVE_INFINITY;
    out[field] = `${value.slice(0, Math.max(0, max - suffix.length))}${suffix}`;
    break;
  }
  return out;
}

/** A key no server issued: fixed per run, 36 lower-case hex characters like a real one. */
export const UNKNOWN_KEY = '0000dead0000beef0000dead0000beef0000';

function authorizationFor(mode: Case['auth'], { apiKey, lapsedKey }: Credentials): string | undefined {
  switch (mode) {
    case 'valid':
      return `Bearer ${apiKey}`;
    case 'scheme-lowercase':
      return `bearer ${apiKey}`;
    case 'scheme-uppercase':
      return `BEARER ${apiKey}`;
    case 'lapsed':
      return `Bearer ${lapsedKey ?? ''}`;
    case 'none':
      return undefined;
    case 'other-scheme':
      return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
    case 'empty-token':
      return 'Bearer';
    case 'unknown-key':
      return `Bearer ${UNKNOWN_KEY}`;
  }
}

/**
 * The answer's body read strictly (openapi/strict-json.ts): its value, or the problem that makes it unreadable;
 * neither when there is no complete body to read.
 */
function parseJson(exchange: Exchange): JsonReading {
  const response = exchange.response;
  if (!response || response.truncated || response.bodyError) return {};
  return readJsonBody(response.bodyText);
}

/** Why a case was not sent once the run's signal was aborted: the reason it was aborted with. */
function notSentReason(signal: AbortSignal): string {
  const reason = signal.reason as unknown;
  return reason instanceof Error && reason.message.startsWith('not sent')
    ? reason.message
    : 'not sent: the run was interrupted';
}

/**
 * A result keeps a preview of each body, not the body: a target that answers 1 MiB to every case costs the run
 * a few KiB per case. The checks have already read the whole body.
 */
function compact(result: CaseResult): CaseResult {
  const trim = (exchange: Exchange | undefined): Exchange | undefined => {
    const response = exchange?.response;
    if (!exchange || !response || response.bodyText.length <= PREVIEW_CHARS) return exchange;
    return { ...exchange, response: { ...response, bodyText: response.bodyText.slice(0, PREVIEW_CHARS) } };
  };
  const exchange = trim(result.exchange);
  const followUp = trim(result.followUp);
  return { ...result, ...(exchange ? { exchange } : {}), ...(followUp ? { followUp } : {}) };
}

/** An operation whose requests timed out too often: its remaining cases fail at once, saying why. */
function timedOutOperation(c: Case, reason: string): CaseResult {
  return {
    case: c,
    outcome: 'failed',
    reason,
    violations: [
      {
        check: 'response-received',
        severity: 'error',
        message: `No usable answer: ${reason}`,
        expected: 'an HTTP response within the timeout',
        received: 'timeout',
        pointer: 'status-line',
      },
    ],
    notes: [],
  };
}

export function pointerValue(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => decodeURIComponent(p.replace(/~1/g, '/').replace(/~0/g, '~')))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

/** Compiled validators are kept for the life of the process: compiling is the replay's largest one-time cost. */
const sharedValidator = schemaValidator();

function schemaValidator(): (schema: SchemaObject, value: unknown) => SchemaError[] {
  const ajv = createValidator({ optimize: false });
  const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();
  return (schema, value) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => ({
      pointer: e.instancePath,
      message:
        e.keyword === 'additionalProperties'
          ? `${e.message}: ${String(e.params.additionalProperty)}`
          : (e.message ?? 'is invalid'),
    }));
  };
}
