import type { SchemaObject } from '../document';
import { ENVELOPE, given } from './check-input';
import { schemaConformance } from './schema-conformance';

const schema = {
  allOf: [
    { type: 'object', required: ['status', 'message', 'data'], properties: { data: { type: 'object' } } },
    {
      properties: {
        data: {
          type: 'object',
          required: ['things'],
          properties: {
            things: {
              type: 'array',
              items: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
            },
          },
        },
      },
    },
  ],
} as unknown as SchemaObject;

test.each([
  ['valid data', { body: ENVELOPE, schema }, []],
  ['extra fields in a record', { body: { ...ENVELOPE, data: { things: [{ id: 1, extra: true }] } }, schema }, []],
  ['a wrongly typed id', { body: { ...ENVELOPE, data: { things: [{ id: '1' }] } }, schema }, ['/data/things/0/id']],
  ['the wrapper key missing', { body: { ...ENVELOPE, data: {} }, schema }, ['/data']],
  [
    'an unexpected status (left to status-code-conformance)',
    { status: 404, body: { ...ENVELOPE, status: 404, data: {} }, schema },
    [],
  ],
])('given %s, want violations at %p', (_name, input, pointers) => {
  const found = schemaConformance(given(input));
  expect(found.map((v) => v.pointer)).toEqual(pointers);
});
