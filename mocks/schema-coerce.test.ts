import { propertySchema } from '../openapi/schema-walk';
import type { SchemaObject } from '../openapi/spec';
import { coerceToSchema } from './schema-coerce';

const money = { type: 'string', pattern: '^-?\\d+\\.\\d{2}$' };
const record = {
  allOf: [
    { properties: { user_id: { type: 'string' } } },
    {
      type: 'object',
      properties: {
        price: { type: 'number' },
        total: money,
        discount: { oneOf: [money, { type: 'null' }] },
        count: { type: 'string' },
        customer_id: { type: ['string', 'integer'] },
      },
    },
  ],
} as unknown as SchemaObject;

test.each([
  ['price', '1000.00', 1000],
  ['total', 250, '250.00'],
  ['total', '99.5', '99.50'],
  ['discount', 5, '5.00'],
  ['discount', null, null],
  ['count', 20, '20'],
  ['customer_id', 42, 42],
  ['unknown', 'x', 'x'],
])('given %s = %p, want %p', (field, value, want) => {
  expect(coerceToSchema({ [field]: value }, record)).toEqual({ [field]: want });
});

test('propertySchema combines every branch that names the property', () => {
  const envelope = {
    allOf: [{ properties: { data: { type: 'object' } } }, { properties: { data: { properties: { item: money } } } }],
  } as unknown as SchemaObject;
  expect(propertySchema(propertySchema(envelope, 'data'), 'item')).toEqual(money);
});
