// Builds a CheckInput from the few facts a check table names (tests only).

import { createValidator } from '../ajv';
import type { SchemaObject } from '../document';
import { readJsonBody } from '../strict-json';
import type { Exchange } from './exchange';
import type { CheckInput, Expectation } from './types';

const ajv = createValidator();

export interface Given {
  expected?: number;
  accepted?: number[];
  status?: number;
  contentType?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string;
  truncated?: boolean;
  bodyError?: string;
  notUtf8?: boolean;
  error?: Exchange['error'];
  schema?: SchemaObject;
  sentBody?: unknown;
  requestedKey?: CheckInput['requestedKey'];
  /** The read-back after a create, edit or delete: its status and body (the record under `data.group`). */
  readBack?: { action: 'create' | 'edit' | 'delete'; status?: number; body?: unknown };
}

export function given(g: Given): CheckInput {
  const bodyText = g.raw ?? (g.body === undefined ? '' : JSON.stringify(g.body));
  const headers: Record<string, string> = { ...g.headers };
  if (g.contentType !== null) headers['content-type'] = g.contentType ?? 'application/json';
  const c: Expectation = {
    operationId: 'op',
    expectedStatus: g.expected ?? 200,
    ...(g.accepted ? { acceptedStatuses: g.accepted } : {}),
    title: 'a valid request',
  };
  const exchange: Exchange = {
    request: { method: 'GET', url: 'http://127.0.0.1:1/api/v1/things', headers: {} },
    ms: 3,
    ...(g.error
      ? { error: g.error }
      : {
          response: {
            status: g.status ?? 200,
            headers,
            bodyText,
            truncated: g.truncated ?? false,
            ...(g.bodyError ? { bodyError: g.bodyError } : {}),
            ...(g.notUtf8 ? { notUtf8: true } : {}),
          },
        }),
  };
  const reading = g.truncated || g.bodyError ? {} : readJsonBody(bodyText);
  const followUp: CheckInput['followUp'] = g.readBack && {
    action: g.readBack.action,
    exchange: {
      request: { method: 'GET', url: 'http://127.0.0.1:1/api/v1/things/7', headers: {} },
      ms: 2,
      ...(g.readBack.status === undefined
        ? { error: { kind: 'timeout' as const, message: 'no answer' } }
        : {
            response: {
              status: g.readBack.status,
              headers: { 'content-type': 'application/json' },
              bodyText: JSON.stringify(g.readBack.body ?? {}),
              truncated: false,
            },
          }),
    },
    ...(g.readBack.body === undefined ? {} : { json: { value: g.readBack.body } }),
    wrapper: 'group',
  };
  return {
    case: c,
    exchange,
    ...reading,
    ...(g.schema ? { responseSchema: g.schema } : {}),
    ...(g.sentBody === undefined ? {} : { sentBody: g.sentBody }),
    ...(g.requestedKey ? { requestedKey: g.requestedKey } : {}),
    ...(followUp ? { followUp } : {}),
    validate: (schema, value) =>
      ajv.validate(schema, value)
        ? []
        : (ajv.errors ?? []).map((e) => ({ pointer: e.instancePath, message: e.message ?? '' })),
  };
}

export const ENVELOPE = { status: 200, message: 'Things found', data: { things: [] } };
