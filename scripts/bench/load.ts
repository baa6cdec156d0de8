// Load with autocannon: fixed workloads (a cache may carry them) and a mixed one (varied ids, query values
// and bodies, so it cannot).
import autocannon from 'autocannon';
import { KEY } from './servers';

export type Workload = 'static-get' | 'query-get' | 'post' | 'unauthorized' | 'mixed' | 'soak' | 'stateful-mixed';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
}

const auth = { authorization: `Bearer ${KEY}` };
const json = { ...auth, 'content-type': 'application/json' };

/** mulberry32: a small seeded generator, so a run's mixed sequence can be reproduced. */
function sequence(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Every load run draws a new sequence: a warm-up must not fill the answer cache for the measured run.
let runs = 0;

type Request = { method: string; path: string; headers: Record<string, string>; body?: string };

function mixedRequest(next: () => number, soak: boolean): Request {
  const n = Math.floor(next() * 1_000_000_000);
  const pick = next();
  if (soak && pick < 0.1) return { method: 'GET', path: `/customers/${n}`, headers: { ...auth, prefer: 'code=404' } };
  if (soak && pick < 0.2)
    return {
      method: 'POST',
      path: '/customer-groups/add',
      headers: json,
      body: `{"group_description":"missing name ${n}"}`,
    };
  if (soak && pick < 0.25) return { method: 'GET', path: '/sales', headers: { ...auth, prefer: 'code=402' } };
  if (soak && pick < 0.3)
    return { method: 'POST', path: '/customer-groups/add', headers: json, body: `{"group_name": ${n}` };
  // Only requests every compared server answers with a success: the examples' own ids (Prism answers any id
  // 200; this mock answers an id no record has 404), a valid key.
  if (pick < 0.35) return { method: 'GET', path: '/customers/1', headers: auth };
  if (pick < 0.55) return { method: 'GET', path: `/customers?customer_group_id=${n}`, headers: auth };
  if (pick < 0.75)
    return {
      method: 'POST',
      path: '/customer-groups/add',
      headers: json,
      body: JSON.stringify({ group_name: `Group ${n}`, group_description: `d${n}` }),
    };
  if (pick < 0.85)
    return {
      method: 'PUT',
      path: `/expenses/${(n % 2) + 1}`,
      headers: json,
      body: JSON.stringify({
        expense_type: `T${n}`,
        expense_amount: `${n % 1000}.00`,
        payment_method: 'MOMO',
        created_by: 'Bench',
      }),
    };
  if (pick < 0.95) return { method: 'GET', path: `/inventory/items?category_id=${n % 20}`, headers: auth };
  return { method: 'GET', path: `/sales?payment_status=${n % 2 ? 'paid' : 'draft'}`, headers: auth };
}

/**
 * A stateful frontend's traffic on one collection: the lists read the collection the creates grow (so a store
 * that answers every record slows down as the run goes on), fetches and edits of the example records.
 */
function statefulRequest(next: () => number): Request {
  const n = Math.floor(next() * 1_000_000_000);
  const pick = next();
  if (pick < 0.3) return { method: 'GET', path: '/customer-groups', headers: auth };
  if (pick < 0.4) return { method: 'GET', path: `/customers?customer_group_id=${(n % 2) + 1}`, headers: auth };
  if (pick < 0.65)
    return {
      method: 'POST',
      path: '/customer-groups/add',
      headers: json,
      body: JSON.stringify({ group_name: `Group ${n}`, group_description: `made by the bench ${n}` }),
    };
  if (pick < 0.85) return { method: 'GET', path: `/customer-groups/${(n % 2) + 1}`, headers: auth };
  return {
    method: 'PUT',
    path: '/customer-groups/1',
    headers: json,
    body: JSON.stringify({ group_name: `Renamed ${n}`, group_description: `edited ${n}` }),
  };
}

export function fixedRequest(workload: Exclude<Workload, 'mixed' | 'soak' | 'stateful-mixed'>): Request {
  switch (workload) {
    case 'static-get':
      return { method: 'GET', path: '/customers', headers: auth };
    case 'query-get':
      return { method: 'GET', path: '/customers?customer_group_id=1', headers: auth };
    case 'post':
      return {
        method: 'POST',
        path: '/customer-groups/add',
        headers: json,
        body: '{"group_name":"Platinum Customers","group_description":"Spent over $5000"}',
      };
    case 'unauthorized':
      return { method: 'GET', path: '/customers', headers: {} };
  }
}

export async function runLoad(
  base: string,
  workload: Workload,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const url = new URL(base);
  const prefix = url.pathname.replace(/\/$/, '');
  runs += 1;
  const next = sequence(42 + runs * 7919);
  const requests =
    workload === 'mixed' || workload === 'soak' || workload === 'stateful-mixed'
      ? [
          {
            setupRequest: (req: Record<string, unknown>) => {
              const r = workload === 'stateful-mixed' ? statefulRequest(next) : mixedRequest(next, workload === 'soak');
              return { ...req, method: r.method, path: `${prefix}${r.path}`, headers: r.headers, body: r.body };
            },
          },
        ]
      : [
          (() => {
            const r = fixedRequest(workload);
            return {
              method: r.method,
              path: `${prefix}${r.path}`,
              headers: r.headers,
              ...(r.body ? { body: r.body } : {}),
            };
          })(),
        ];
  const result = await autocannon({
    url: url.origin,
    connections,
    duration: seconds,
    requests: requests as never,
    timeout: 10,
  });
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(
    (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
  )) {
    statusCounts[code] = stat.count;
  }
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
  };
}
