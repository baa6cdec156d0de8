// Spec → cases. Pure: no network, no clock; the same spec and options give the same cases.
// One case per documented status of every operation, plus four auth probes per operation.
import {
  examplesOf,
  jsonMedia,
  type LoadedSpec,
  type Operation,
  type ParameterObject,
  type SchemaObject,
} from '../../openapi/spec';
import type { AuthMode, Case, DeriveOptions, Disposition, ListProbe, ParamValue } from './case';
import { applyForms, formVariants } from './forms';
import { negativeRequests } from './negative';
import { pathNames, uniqueNumbers, withFreshUnique } from './unique';

interface Link {
  createOperationId: string;
  param: string;
  pointer: string;
}

const RUN: Disposition = { kind: 'run' };
const WRITE_METHODS = new Set(['post', 'put', 'delete', 'patch']);

const AUTH_PROBES: Array<{ auth: AuthMode; variant: string; title: string }> = [
  { auth: 'none', variant: 'no-key', title: 'a request without an Authorization header answers 401' },
  { auth: 'other-scheme', variant: 'other-scheme', title: 'the key under another scheme (Basic) answers 401' },
  { auth: 'empty-token', variant: 'empty-token', title: 'an empty Bearer token answers 401' },
  { auth: 'unknown-key', variant: 'unknown-key', title: 'a key the server never issued answers 401' },
];

/** A query parameter no XtraKit operation declares: a server may ignore it or refuse it with 400, never fail. */
export const UNDECLARED_QUERY = 'page';
/** A body field no XtraKit operation declares. */
export const UNDECLARED_FIELD = 'undeclared_field';

/**
 * The reads a valid request's success case has beside it: the key under `bearer` and `BEARER` (an auth scheme is
 * case-insensitive, RFC 9110 §11.1), and the request with an undeclared query parameter (ignored, or refused with
 * 400, but never a 5xx). Reads only: they change nothing, so they can be sent anywhere the success case can.
 */
type BaseCase = (over: Partial<Case> & Pick<Case, 'id' | 'expectedStatus' | 'kind' | 'title'>) => Case;

/** What the cases beside an operation's success case share with it. */
interface Beside {
  op: Operation;
  base: BaseCase;
  status: number;
  successes: number[];
  pathParams: Record<string, ParamValue>;
  createCaseId: string | undefined;
  creates: Case['creates'];
}

function readVariants({ op, base, status, successes, pathParams, createCaseId }: Beside): Case[] {
  const shared = {
    expectedStatus: status,
    ...(successes.length > 1 ? { acceptedStatuses: successes } : {}),
    kind: 'success' as const,
    pathParams,
    dependsOn: createCaseId ? [createCaseId] : [],
  };
  const variants: Case[] = [];
  if (op.responses['401']) {
    for (const [auth, scheme] of [
      ['scheme-lowercase', 'bearer'],
      ['scheme-uppercase', 'BEARER'],
    ] as const) {
      variants.push(
        base({
          ...shared,
          id: `${op.operationId} ${status} ${auth}`,
          auth,
          title: `the key under "${scheme}" is accepted like "Bearer" (the scheme is case-insensitive)`,
        }),
      );
    }
  }
  const name = op.parameters.some((p) => p.in === 'query' && p.name === UNDECLARED_QUERY)
    ? `${UNDECLARED_QUERY}_undeclared`
    : UNDECLARED_QUERY;
  variants.push(
    base({
      ...shared,
      id: `${op.operationId} ${status} undeclared-query`,
      acceptedStatuses: [...successes, 400],
      title: `an undeclared query parameter (?${name}=2) is ignored or refused with 400, never a server error`,
      query: { ...requiredQuery(op), [name]: '2' },
    }),
  );
  return variants;
}

/**
 * The success request with its fields in the other forms the contract documents (a type list, oneOf, null): one
 * case per form a field has beyond the example's, each form sent at least once. A create's makes a record of its
 * own (read back and cleaned up like the plain one's); an edit's edits the run's record.
 */
function formCases({ op, base, status, successes, pathParams, createCaseId, creates }: Beside): Case[] {
  if (op.method !== 'post' && op.method !== 'put') return [];
  const template = base({ id: '', expectedStatus: status, kind: 'success', title: '' }).body;
  if (!template || typeof template !== 'object' || Array.isArray(template)) return [];
  const idOf = (k: number) => `${op.operationId} ${status} forms${k === 0 ? '' : `-${k + 1}`}`;
  return formVariants(op, template as Record<string, unknown>).map((forms, k) => {
    const fresh = base({ id: '', expectedStatus: status, kind: 'success', title: '' }).body as Record<string, unknown>;
    const written = Object.entries(forms)
      .map(([field, form]) => `${field} as ${form}`)
      .join(', ');
    return base({
      id: idOf(k),
      expectedStatus: status,
      ...(successes.length > 1 ? { acceptedStatuses: successes } : {}),
      kind: 'success',
      title: `the contract's other forms (${written}) are accepted like the example's`,
      pathParams,
      body: applyForms(fresh, forms),
      forms,
      // One after the other: each edit's read-back sees its own forms.
      dependsOn: [...(createCaseId ? [createCaseId] : []), successId(op), ...(k > 0 ? [idOf(k - 1)] : [])],
      ...(creates ? { creates } : {}),
    });
  });
}

export function deriveCases(spec: LoadedSpec, options: DeriveOptions): Case[] {
  const byId = new Map(spec.operations.map((op) => [op.operationId, op]));
  const links = collectLinks(spec.operations);
  const unique = uniqueNumbers(options.seed, 0);
  const cases: Case[] = [];

  for (const op of spec.operations) {
    const writes = WRITE_METHODS.has(op.method);
    const link = links.get(op.operationId);
    const createCaseId = link ? successId(byId.get(link.createOperationId) as Operation) : undefined;
    const base: BaseCase = (over) => ({
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      auth: 'valid',
      pathParams: exampleParams(op),
      query: requiredQuery(op),
      headers: {},
      dependsOn: [],
      writes,
      disposition: RUN,
      ...bodyOf(op, unique),
      ...over,
    });
    const linkedParams = (): Record<string, ParamValue> =>
      link && createCaseId
        ? { ...exampleParams(op), [link.param]: { linked: { fromCase: createCaseId, pointer: link.pointer } } }
        : exampleParams(op);

    const successes = successCodes(op);
    for (const code of Object.keys(op.responses)) {
      const status = Number(code);
      if (!Number.isInteger(status)) continue;

      if (status === successes[0]) {
        const creates = createsOf(op, links, byId);
        const answers = successes.join(' or ');
        cases.push(
          base({
            id: successId(op),
            expectedStatus: status,
            ...(successes.length > 1 ? { acceptedStatuses: successes } : {}),
            kind: 'success',
            title: creates
              ? `creating a record from the spec's example answers ${answers}`
              : `a valid request answers ${answers}`,
            pathParams: linkedParams(),
            dependsOn: createCaseId ? [createCaseId] : [],
            ...(creates ? { creates } : {}),
          }),
        );
        const beside: Beside = { op, base, status, successes, pathParams: linkedParams(), createCaseId, creates };
        if (op.method === 'get') cases.push(...readVariants(beside));
        cases.push(...formCases(beside));
        if (creates) {
          // Creates side by side (as many as the run has requests in flight, at least 2), after the plain create.
          const count = Math.max(2, options.concurrency ?? 4);
          cases.push(
            base({
              id: `${op.operationId} ${status} concurrent`,
              expectedStatus: status,
              ...(successes.length > 1 ? { acceptedStatuses: successes } : {}),
              kind: 'success',
              title: `${count} creates sent side by side each answer ${answers} with a key of their own, and each record holds what its request sent`,
              pathParams: linkedParams(),
              dependsOn: [successId(op)],
              creates,
              concurrent: { count },
            }),
          );
        }
        // The plain edit's own body (its unique values are the record's by now) with one field more.
        const edited = cases.find((c) => c.id === successId(op))?.body;
        if (op.method === 'put' && createCaseId && edited && typeof edited === 'object' && !Array.isArray(edited)) {
          // The edit of the run's own record with a field the contract does not declare: ignored or refused with
          // 400, never a 5xx. After the plain edit, whose read-back must see its own change.
          cases.push(
            base({
              id: `${op.operationId} ${status} undeclared-field`,
              expectedStatus: status,
              acceptedStatuses: [...successes, 400],
              kind: 'success',
              title: `an undeclared body field (${UNDECLARED_FIELD}) is ignored or refused with 400, never a server error`,
              pathParams: linkedParams(),
              body: { ...edited, [UNDECLARED_FIELD]: 'not in the contract' },
              dependsOn: [createCaseId, successId(op)],
            }),
          );
        }
      } else if (status >= 200 && status < 300) {
        // The server picks among the documented successes; the success case accepts each and is counted in the
        // cell of the status it got. Only a target that honours Prefer can be made to answer this one.
        cases.push(
          forcedOrNotProvoked(
            base,
            op,
            status,
            options,
            `the server chooses between ${successes.join(' and ')}; the success case accepts either and is counted where it lands`,
          ),
        );
      } else if (status === 400) {
        const negatives = negativeRequests(op);
        for (const invalid of negatives) {
          const body =
            invalid.body === undefined
              ? undefined
              : freshKeys(op, invalid.body, unique, invalid.field ? [invalid.field] : []);
          cases.push(
            base({
              id: `${op.operationId} 400 ${invalid.key}`,
              expectedStatus: 400,
              kind: 'invalid',
              title: invalid.title,
              pathParams: { ...linkedParams(), ...invalid.pathParams },
              query: { ...requiredQuery(op), ...invalid.query },
              ...(body === undefined ? {} : { body }),
              ...(invalid.field ? { brokenField: invalid.field } : {}),
              dependsOn: createCaseId && !invalid.pathParams[link?.param ?? ''] ? [createCaseId] : [],
            }),
          );
        }
        if (negatives.length === 0) {
          cases.push(forcedOrNotProvoked(base, op, status, options, 'no request the spec forbids can be built for it'));
        }
      } else if (status === 404) {
        cases.push(
          base({
            id: `${op.operationId} 404 missing`,
            expectedStatus: 404,
            kind: 'not-found',
            title: 'an id that cannot exist answers 404',
            pathParams: missingParams(op, options.seed),
          }),
        );
      } else if (status === 401) {
        for (const probe of AUTH_PROBES) {
          cases.push(
            base({
              id: `${op.operationId} 401 ${probe.variant}`,
              expectedStatus: 401,
              kind: 'auth-probe',
              title: probe.title,
              auth: probe.auth,
              // A key check comes before any lookup: probes never address a real record.
              pathParams: missingParams(op, options.seed),
            }),
          );
        }
      } else if (status === 402 && !options.honoursPrefer && options.hasLapsedKey) {
        cases.push(
          base({
            id: `${op.operationId} 402 lapsed`,
            expectedStatus: 402,
            kind: 'lapsed',
            title: 'the lapsed-account key answers 402',
            auth: 'lapsed',
            // On the run's own record where the operation addresses one: an example id may be someone's real record
            // on the target (the guard would then not send the case), the run's own never is.
            pathParams: linkedParams(),
            dependsOn: createCaseId ? [createCaseId] : [],
          }),
        );
      } else {
        const why =
          status === 402
            ? 'a healthy server answers 402 only to a lapsed account: pass --lapsed-key'
            : status >= 500
              ? 'a healthy server cannot be made to fail on demand'
              : 'the suite has no request that provokes it';
        cases.push(forcedOrNotProvoked(base, op, status, options, why));
      }
    }
  }
  if ((options.examples ?? 0) > 0) cases.push(...generatedCases(spec.operations, links, byId, options));
  linkPrerequisites(cases, spec.operations, byId);
  // After the links: an edit's linked fields (a sale's customer) are not known here, so not compared.
  const probes = listProbes(spec.operations, cases, options);
  cases.push(...probes);
  // Creates that must be refused wait for the lists that judge the run's record: a record a faulty server makes
  // of an invalid body must not be what those lists report.
  for (const probe of probes) {
    const collection = byId.get(probe.operationId)?.store?.collection;
    for (const c of cases) {
      if (c.kind !== 'invalid' || byId.get(c.operationId)?.store?.action !== 'create') continue;
      if (byId.get(c.operationId)?.store?.collection === collection) c.dependsOn = [...c.dependsOn, probe.id];
    }
  }
  // Creates side by side only of records that name no other: those records stay until the clean-up, and a record
  // they named (a sale's customer) is deleted before it.
  const standalone = cases.filter((c) => !(c.concurrent && c.bodyLinks));
  orderGeneratedAfterUses(standalone, byId);
  orderDeletesLast(standalone, byId);
  return applyTargetLimits(standalone, options);
}

/** The documented 2xx statuses, lowest first: the first is what a success case expects by default. */
function successCodes(op: Operation): number[] {
  return Object.keys(op.responses)
    .filter((c) => /^2\d\d$/.test(c))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * One generated case per operation that takes a body or query filters and whose success a valid request earns:
 * creates, edits of the run's own record, lists. fast-check draws `examples` requests for it at run time.
 */
function generatedCases(
  operations: Operation[],
  links: Map<string, Link>,
  byId: Map<string, Operation>,
  options: DeriveOptions,
): Case[] {
  const out: Case[] = [];
  for (const op of operations) {
    const action = op.store?.action;
    if (action !== 'create' && action !== 'edit' && action !== 'list') continue;
    const successes = successCodes(op);
    const first = successes[0];
    if (first === undefined) continue;
    const link = links.get(op.operationId);
    const createCaseId = link ? successId(byId.get(link.createOperationId) as Operation) : undefined;
    const pathParams: Record<string, ParamValue> = exampleParams(op);
    if (link && createCaseId) pathParams[link.param] = { linked: { fromCase: createCaseId, pointer: link.pointer } };
    const example = examplesOf(jsonMedia(op.operation.requestBody as never))[0]?.value;
    const runs = options.examples ?? 0;
    out.push({
      id: `${op.operationId} ${first} generated`,
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      expectedStatus: first,
      ...(successes.length > 1 ? { acceptedStatuses: successes } : {}),
      kind: 'generated',
      title: `${runs} generated valid requests each answer ${successes.join(' or ')}`,
      auth: 'valid',
      pathParams,
      query: {},
      headers: {},
      // The example body stands for the generated ones where links are decided (a sale's customer).
      ...(example === undefined ? {} : { body: example }),
      dependsOn: createCaseId ? [createCaseId] : [],
      writes: WRITE_METHODS.has(op.method),
      disposition: RUN,
      generated: { runs },
    });
  }
  return out;
}

function successId(op: Operation): string {
  return `${op.operationId} ${successCodes(op)[0] ?? 200} success`;
}

function forcedOrNotProvoked(
  base: (over: Partial<Case> & Pick<Case, 'id' | 'expectedStatus' | 'kind' | 'title'>) => Case,
  op: Operation,
  status: number,
  options: DeriveOptions,
  why: string,
): Case {
  const forced = options.honoursPrefer;
  return base({
    id: `${op.operationId} ${status} ${forced ? 'forced' : 'unprovoked'}`,
    expectedStatus: status,
    kind: 'forced',
    title: forced ? `Prefer: code=${status} answers the documented ${status}` : `the documented ${status}`,
    headers: forced ? { prefer: `code=${status}` } : {},
    disposition: forced ? RUN : { kind: 'not-provoked', reason: why },
  });
}

/** Every link from a create's success response: which operation, which parameter, which response field. */
function collectLinks(operations: Operation[]): Map<string, Link> {
  const links = new Map<string, Link>();
  for (const op of operations) {
    for (const [code, response] of Object.entries(op.responses)) {
      if (!code.startsWith('2')) continue;
      for (const link of Object.values(response.links ?? {}) as Array<{
        operationId?: string;
        parameters?: Record<string, string>;
      }>) {
        for (const [param, expression] of Object.entries(link.parameters ?? {})) {
          if (!link.operationId || typeof expression !== 'string' || !expression.startsWith('$response.body#'))
            continue;
          links.set(link.operationId, {
            createOperationId: op.operationId,
            param,
            pointer: expression.slice('$response.body#'.length),
          });
        }
      }
    }
  }
  return links;
}

function createsOf(op: Operation, links: Map<string, Link>, byId: Map<string, Operation>): Case['creates'] {
  for (const [target, link] of links) {
    if (link.createOperationId !== op.operationId) continue;
    // The link that removes the record: to an operation the spec binds to a delete, or a DELETE.
    const removes = byId.get(target);
    if (removes?.store?.action !== 'delete' && removes?.method !== 'delete') continue;
    return { keyPointer: link.pointer, deleteOperationId: target, keyParam: link.param };
  }
  return undefined;
}

/**
 * A body field that must name an existing record (`x-xtrakit-prerequisites`) takes it from the answer of the
 * operation that makes or lists one, in the same run: a sale's customer_id is the customer the run created.
 */
function linkPrerequisites(cases: Case[], operations: Operation[], byId: Map<string, Operation>): void {
  for (const op of operations) {
    for (const prerequisite of op.prerequisites) {
      const source = byId.get(prerequisite.operationId);
      if (!source) continue;
      const fromCase = successId(source);
      for (const c of cases) {
        if (c.operationId !== op.operationId || typeof c.body !== 'object' || c.body === null) continue;
        if (!(prerequisite.field in c.body) || c.brokenField === prerequisite.field) continue;
        c.bodyLinks = { ...c.bodyLinks, [prerequisite.field]: { fromCase, pointer: prerequisite.pointer } };
        if (!c.dependsOn.includes(fromCase)) c.dependsOn.push(fromCase);
      }
    }
  }
}

const usesRecordOf = (c: Case, createCase: string) =>
  Object.values(c.pathParams).some((p) => 'linked' in p && p.linked.fromCase === createCase) ||
  Object.values(c.bodyLinks ?? {}).some((l) => l.fromCase === createCase) ||
  // A list read after the record's delete does not hold the delete back: it comes after it.
  (c.listProbe !== undefined && c.listProbe.expect !== 'absent' && c.listProbe.key.fromCase === createCase);

/** The spec's equality filters of a list (`x-xtrakit-filter`): query parameter and the record field it matches. */
function equalityFilters(op: Operation): Array<{ name: string; field: string }> {
  return op.parameters.flatMap((p) => {
    const filter = (p as unknown as Record<string, unknown>)['x-xtrakit-filter'] as { field?: string } | undefined;
    return p.in === 'query' && filter?.field ? [{ name: p.name, field: filter.field }] : [];
  });
}

/**
 * Reads of a list that judge the run's own record in it. `filter-conformance`: each equality filter the create
 * sets, given the created record's value, answers the list's array, holding that record and only records that
 * match. `list-consistency`: after the create, the edit and the delete, the list (read through the filter that
 * selects the fewest records: the record's key, else a field naming another record, else any) shows the record,
 * shows the edit, no longer shows it. Only where the list and its collection's create, edit and delete are
 * documented, so the record is the run's own.
 */
function listProbes(operations: Operation[], cases: Case[], options: DeriveOptions): Case[] {
  const disposition: Disposition =
    options.listsReflectWrites === false
      ? {
          kind: 'not-provoked',
          reason:
            "the target is the kit's mock in static mode, whose lists are the spec's examples and never show what a run writes (start it with --stateful)",
        }
      : RUN;
  const out: Case[] = [];
  for (const list of operations.filter((o) => o.store?.action === 'list' && o.store.wrapper)) {
    const { collection, wrapper } = list.store as { collection: string; wrapper: string };
    const of = (action: string) =>
      operations.find((o) => o.store?.collection === collection && o.store.action === action);
    const [create, edit, remove] = [of('create'), of('edit'), of('delete')];
    const createCase = create && cases.find((c) => c.id === successId(create));
    const keyPointer = createCase?.creates?.keyPointer;
    const listStatus = successCodes(list)[0];
    if (!create || !createCase || !keyPointer || listStatus === undefined) continue;
    const createWrapper = create.store?.wrapper ?? '';
    const keyField = keyPointer.split('/').pop() as string;
    const key = { fromCase: createCase.id, pointer: keyPointer };
    const sent = (createCase.body ?? {}) as Record<string, unknown>;
    const filters = equalityFilters(list).filter((f) => f.field in sent);
    const linkOf = (f: { name: string; field: string }) => ({
      [f.name]: { fromCase: createCase.id, pointer: `/data/${createWrapper}/${f.field}` },
    });
    const probe = (
      id: string,
      title: string,
      listProbe: ListProbe,
      dependsOn: string[],
      filter?: { name: string; field: string },
    ): Case => ({
      id: `${list.operationId} ${listStatus} ${id}`,
      operationId: list.operationId,
      method: 'GET',
      path: list.path,
      expectedStatus: listStatus,
      kind: 'success',
      title,
      auth: 'valid',
      pathParams: {},
      query: requiredQuery(list),
      ...(filter ? { queryLinks: linkOf(filter) } : {}),
      headers: {},
      dependsOn,
      writes: false,
      disposition,
      listProbe: { ...listProbe, ...(filter ? { filter } : {}) },
    });
    for (const f of filters) {
      out.push(
        probe(
          `filter ${f.name}`,
          `?${f.name}= the run's own record's ${f.field} answers the list's array, with that record and only records that match`,
          { check: 'filter-conformance', expect: 'present', wrapper, keyField, key },
          [createCase.id],
          f,
        ),
      );
    }
    // The most selective filter the create sets: the key itself, a field that names another record, any.
    const best =
      filters.find((f) => f.field === keyField) ??
      filters.find((f) => create.prerequisites.some((p) => p.field === f.field)) ??
      filters[0];
    const through = best ? ` (read through ?${best.name}=)` : '';
    out.push(
      probe(
        'lists-created',
        `after the run's create, the list shows the record${through}`,
        { check: 'list-consistency', expect: 'present', wrapper, keyField, key },
        [createCase.id],
        best,
      ),
    );
    const editCase = edit && cases.find((c) => c.id === successId(edit));
    if (editCase?.body && typeof editCase.body === 'object') {
      out.push(
        probe(
          'lists-edited',
          `after the run's edit, the list shows the record with the edit${through}`,
          {
            check: 'list-consistency',
            expect: 'edited',
            wrapper,
            keyField,
            key,
            edited: Object.fromEntries(
              Object.entries(editCase.body as Record<string, unknown>).filter(
                ([field]) => !(field in (editCase.bodyLinks ?? {})),
              ),
            ),
          },
          [createCase.id, editCase.id],
          best,
        ),
      );
    }
    const deleteCase = remove && cases.find((c) => c.id === successId(remove));
    if (deleteCase) {
      out.push(
        probe(
          'lists-deleted',
          `after the run's delete, the list no longer shows the record${through}`,
          { check: 'list-consistency', expect: 'absent', wrapper, keyField, key },
          [createCase.id, deleteCase.id],
          best,
        ),
      );
    }
  }
  return out;
}

const createOf = (c: Case) =>
  Object.values(c.pathParams).find((p): p is { linked: { fromCase: string; pointer: string } } => 'linked' in p)?.linked
    .fromCase;

/**
 * Generated edits change the record many times: they run after every other case that uses the same record (the
 * edit case reads its own edit back), and before its delete.
 */
function orderGeneratedAfterUses(cases: Case[], byId: Map<string, Operation>): void {
  // An edit that must be refused (or is forced) waits for the valid edit, which reads its own change back: a
  // server that wrongly stores the refused edit cannot make the valid one look lost.
  // An edit in the other documented forms (a null discount) comes after them too: it changes what they judge.
  const plainEdit = (x: Case) => x.kind === 'success' && !x.forms && x.method === 'PUT';
  for (const c of cases.filter((x) => !plainEdit(x) && x.kind !== 'generated' && x.method === 'PUT')) {
    const record = createOf(c);
    if (!record) continue;
    const edits = cases.filter((x) => plainEdit(x) && createOf(x) === record);
    // And for the lists that judge the record: a wrong-typed value a faulty server stores must not reach them.
    const lists = cases.filter(
      (x) => x.listProbe && x.listProbe.expect !== 'absent' && x.listProbe.key.fromCase === record,
    );
    // An edit in the other forms reads its own change back: the edits that must be refused run before it, so
    // that one a faulty server stores cannot make the valid forms look lost.
    const refused = c.forms
      ? cases.filter(
          (x) => x.kind !== 'success' && x.kind !== 'generated' && x.method === 'PUT' && createOf(x) === record,
        )
      : [];
    c.dependsOn = [
      ...new Set([...c.dependsOn, ...edits.map((x) => x.id), ...lists.map((x) => x.id), ...refused.map((x) => x.id)]),
    ];
  }
  for (const generated of cases.filter((c) => c.kind === 'generated')) {
    const record = createOf(generated);
    if (!record) continue;
    const users = cases.filter(
      (c) =>
        c.kind !== 'generated' &&
        c.id !== record &&
        usesRecordOf(c, record) &&
        byId.get(c.operationId)?.method !== 'delete',
    );
    generated.dependsOn = [...new Set([...generated.dependsOn, ...users.map((c) => c.id)])];
  }
}

/**
 * A delete of a created record waits for every other case that uses that record, and for the deletes of the
 * records made with it (a customer is deleted after the sale that names it).
 */
function orderDeletesLast(cases: Case[], byId: Map<string, Operation>): void {
  // The deletes that remove the record: a refused delete of it (the lapsed key's) is one more use of it.
  const deletes = cases.filter((c) => byId.get(c.operationId)?.method === 'delete' && c.kind === 'success');
  for (const deleteCase of deletes) {
    const created = createOf(deleteCase);
    if (!created) continue;
    const users = cases.filter((c) => c !== deleteCase && usesRecordOf(c, created));
    const madeWithIt = deletes.filter((d) => d !== deleteCase && users.some((u) => u.creates && createOf(d) === u.id));
    deleteCase.dependsOn = [
      ...new Set([...deleteCase.dependsOn, ...users.map((c) => c.id), ...madeWithIt.map((d) => d.id)]),
    ];
  }
}

function applyTargetLimits(cases: Case[], options: DeriveOptions): Case[] {
  const notRun = new Map<string, string>();
  for (const c of cases) {
    if (c.disposition.kind === 'run' && c.writes && !options.writesAllowed) {
      c.disposition = {
        kind: 'not-provoked',
        reason: `sends ${c.method}: the target is not loopback, pass --allow-writes`,
      };
    }
    if (c.disposition.kind !== 'run')
      notRun.set(c.id, c.disposition.kind === 'not-provoked' ? c.disposition.reason : 'waived');
  }
  for (const c of cases) {
    const blocked = c.dependsOn.find((d) => notRun.has(d) && cases.find((x) => x.id === d)?.creates);
    if (c.disposition.kind === 'run' && blocked) {
      c.disposition = { kind: 'not-provoked', reason: `needs the record "${blocked}" creates, which is not sent` };
    }
  }
  return cases;
}

function exampleParams(op: Operation): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const p of op.parameters.filter((p) => p.in === 'path')) params[p.name] = { value: String(exampleOf(p) ?? '1') };
  return params;
}

function missingParams(op: Operation, seed: number): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const p of op.parameters.filter((p) => p.in === 'path')) {
    const type = [(p.schema as SchemaObject | undefined)?.type].flat()[0];
    params[p.name] = {
      value:
        type === 'integer' || type === 'number'
          ? String(2_000_000_000 + (seed % 1000))
          : `xtrakit-contract-missing-${seed}`,
    };
  }
  return params;
}

function requiredQuery(op: Operation): Record<string, string> {
  const query: Record<string, string> = {};
  for (const p of op.parameters.filter((p) => p.in === 'query' && p.required))
    query[p.name] = String(exampleOf(p) ?? '');
  return query;
}

function exampleOf(p: ParameterObject): unknown {
  return p.example ?? (p.schema as SchemaObject | undefined)?.examples?.[0];
}

function bodyOf(op: Operation, unique: () => number): { body?: unknown } {
  const example = examplesOf(jsonMedia(op.operation.requestBody as never))[0]?.value;
  if (example === undefined) return {};
  if (typeof example !== 'object' || example === null || Array.isArray(example)) return { body: example };
  return { body: freshKeys(op, example as Record<string, unknown>, unique) };
}

/**
 * Values the contract calls unique (`x-xtrakit-unique`) are new in every body, valid or not, but a negative
 * case's broken field and a field the path names (the record's own key).
 */
function freshKeys(
  op: Operation,
  body: Record<string, unknown>,
  unique: () => number,
  broken: string[] = [],
): Record<string, unknown> {
  return withFreshUnique(op, body, unique, new Set([...pathNames(op), ...broken]));
}
