// The contract as data: a dereferenced document and its flat list of operations. No file system here, so the
// in-process mock (MSW in a browser, Playwright) reads the same operations as the HTTP mock and the suite.
import type { OpenAPIV3_1 } from 'openapi-types';

export type Document = OpenAPIV3_1.Document;
export type OperationObject = OpenAPIV3_1.OperationObject;
export type ResponseObject = OpenAPIV3_1.ResponseObject;
export type ParameterObject = OpenAPIV3_1.ParameterObject;
export type SchemaObject = OpenAPIV3_1.SchemaObject;
export type MediaTypeObject = OpenAPIV3_1.MediaTypeObject;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** What the stateful mock needs to know about an operation (the spec's `x-xtrakit-store`). */
export interface StoreBinding {
  collection: string;
  action: 'list' | 'fetch' | 'create' | 'edit' | 'delete';
  wrapper?: string;
  /**
   * Rows a fetch answers beside the record, filled from another collection: `customer-group` holds the groups
   * whose key is the customer's customer_group_id.
   */
  related?: Record<string, { collection: string; field: string }>;
}

/**
 * A body field that must name a record that exists (the spec's `x-xtrakit-prerequisites`): which operation
 * gives one, and where in its answer the value is.
 */
export interface Prerequisite {
  field: string;
  operationId: string;
  pointer: string;
}

export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** The path as written in the spec, relative to the server URL (e.g. `/customers/{id}`). */
  path: string;
  parameters: ParameterObject[];
  operation: OperationObject;
  responses: Record<string, ResponseObject>;
  store?: StoreBinding;
  prerequisites: Prerequisite[];
}

export interface LoadedSpec {
  file: string;
  document: Document;
  operations: Operation[];
}

export function listOperations(document: Document): Operation[] {
  const operations: Operation[] = [];
  for (const [pathName, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    const shared = (item.parameters ?? []) as ParameterObject[];
    for (const method of HTTP_METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      const own = (operation.parameters ?? []) as ParameterObject[];
      const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      operations.push({
        operationId: operation.operationId ?? `${method} ${pathName}`,
        method,
        path: pathName,
        parameters,
        operation,
        responses: (operation.responses ?? {}) as Record<string, ResponseObject>,
        store: (operation as Record<string, unknown>)['x-xtrakit-store'] as StoreBinding | undefined,
        prerequisites: ((operation as Record<string, unknown>)['x-xtrakit-prerequisites'] ?? []) as Prerequisite[],
      });
    }
  }
  return operations;
}

/** The application/json media type of a response or request body, if any. */
export function jsonMedia(
  holder: { content?: Record<string, MediaTypeObject> } | undefined,
): MediaTypeObject | undefined {
  return holder?.content?.['application/json'];
}

/** Every example a media type carries: the single `example` as "default", then the named ones. */
export function examplesOf(media: MediaTypeObject | undefined): Array<{ name: string; value: unknown }> {
  if (!media) return [];
  const found: Array<{ name: string; value: unknown }> = [];
  if (media.example !== undefined) found.push({ name: 'default', value: media.example });
  for (const [name, example] of Object.entries(media.examples ?? {})) {
    found.push({ name, value: (example as OpenAPIV3_1.ExampleObject).value });
  }
  return found;
}
