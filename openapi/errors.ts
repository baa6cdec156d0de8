// The kit's error catalog, below both products: every error the mock produces itself (in every host), with a stable
// code and a one-line explanation. Errors the
// contract documents (401, 402, 404, 400 for invalid input) are answered with the spec's own examples;
// these codes travel in `data.code` so a frontend developer can tell the mock's word from the contract's.
export const MOCK_ERRORS = {
  ROUTE_NOT_FOUND: { status: 404, message: 'No operation of the contract has this path' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This path does not accept this method' },
  NOT_ACCEPTABLE: { status: 406, message: 'Answers are application/json only, which the Accept header refuses' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON' },
  MALFORMED_REQUEST: { status: 400, message: 'The request could not be read' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than the mock accepts' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The API accepts application/json request bodies only' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time' },
  INVALID_REQUEST: { status: 400, message: 'The request does not match the contract' },
  UNKNOWN_FORCED_CODE: { status: 400, message: 'The forced status is not documented for this operation' },
  UNKNOWN_EXAMPLE: { status: 400, message: 'The requested example does not exist for this response' },
  BAD_PREFERENCE: { status: 400, message: 'The Prefer header (or __code, __example, __dynamic, __seed) is malformed' },
  HOST_NOT_ALLOWED: {
    status: 403,
    message: 'This Host is not one the mock answers (loopback names, its bound address, --allowed-host)',
  },
  CROSS_SITE_REFUSED: { status: 403, message: "The mock's control routes refuse requests from other sites" },
  DUPLICATE_KEY: { status: 400, message: 'A record with this key already exists' },
  UNKNOWN_REFERENCE: { status: 400, message: 'The body names a record that does not exist' },
  STORE_FULL: {
    status: 507,
    message: 'The stateful store is full: delete records, reset it (POST /__mock/reset) or raise its bound',
  },
  // Used only when a spec does not document these statuses for an operation (the XtraKit contract does).
  UNAUTHENTICATED: { status: 401, message: 'Send a valid API key as "Authorization: Bearer <key>"' },
  PAYMENT_REQUIRED: { status: 402, message: "The account's plan has lapsed" },
  RECORD_NOT_FOUND: { status: 404, message: 'No record has this id' },
  MOCK_FAILURE: { status: 500, message: 'The mock failed to produce an answer' },
} as const;

export type MockErrorCode = keyof typeof MOCK_ERRORS;

export interface Envelope {
  status: number;
  message: string;
  data: Record<string, unknown>;
}

export function mockError(code: MockErrorCode, detail?: string, data: Record<string, unknown> = {}): Envelope {
  const { status, message } = MOCK_ERRORS[code];
  return { status, message: detail ? `${message}: ${detail}` : message, data: { code, ...data } };
}
