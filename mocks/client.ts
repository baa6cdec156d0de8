// A typed XtraKit client: openapi-fetch with the contract's generated types, so every path, parameter and field a
// frontend uses is checked by its compiler, and the API key sent as XtraKit wants it (Authorization: Bearer).
//   import { createXtrakitClient } from 'xtrakit-contract-kit/client';
//   const api = createXtrakitClient({ baseUrl: 'http://127.0.0.1:4010/api/v1', apiKey });
//   const { data } = await api.GET('/customers/{id}', { params: { path: { id: '1' } } });
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from '../openapi/generated/xtrakit';

export type { components, operations, paths } from '../openapi/generated/xtrakit';

export interface XtrakitClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The API base URL, e.g. http://127.0.0.1:4010/api/v1 (the mock) or https://api.xtrakit.com/api/v1. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>` on every request. */
  apiKey: string;
}

export type XtrakitClient = Client<paths>;

export function createXtrakitClient({ baseUrl, apiKey, headers, ...rest }: XtrakitClientOptions): XtrakitClient {
  const given =
    headers instanceof Headers || Array.isArray(headers)
      ? Object.fromEntries(new Headers(headers as ConstructorParameters<typeof Headers>[0]))
      : { ...(headers as Record<string, string> | undefined) };
  // The key is the client's: one Authorization header, whatever case another was given in.
  for (const name of Object.keys(given)) if (name.toLowerCase() === 'authorization') delete given[name];
  return createClient<paths>({ ...rest, baseUrl, headers: { ...given, Authorization: `Bearer ${apiKey}` } });
}
