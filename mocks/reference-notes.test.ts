// The reference page shows where the contract decided and what it inferred, beside the text it annotates.
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import { withNotes } from './reference-page';

let spec: LoadedSpec;
beforeAll(async () => {
  spec = await loadSpec();
});

test('every inferred operation says so in its summary and shows its inference note', () => {
  const annotated = withNotes(spec.document);
  const inferred = spec.operations.filter((o) => (o.operation as Record<string, unknown>)['x-xtrakit-inferred']);
  expect(inferred.length).toBeGreaterThan(0);
  for (const op of inferred) {
    expect(op.operation.summary).toMatch(/\(inferred\)$/);
    const shown = (annotated.paths?.[op.path] as Record<string, { description?: string }> | undefined)?.[op.method];
    expect(shown?.description).toContain('**Inferred, not documented:**');
  }
});

test('decision notes on operations, schemas, parameters and the document reach the descriptions', () => {
  const annotated = withNotes(spec.document);
  const at = (...keys: string[]) =>
    (keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], annotated) as { description?: string })
      .description;
  expect(at('info')).toContain('**Contract decision (status-codes):**');
  expect(at('paths', '/sales/add', 'post')).toContain('**Contract decision (status):**');
  expect(at('components', 'parameters', 'CreatedAtFrom')).toContain('**Contract decision:**');
  expect(at('components', 'schemas', 'Sale')).toContain('**Contract decision (payment_type):**');
  // The spec handed to the page is a copy: the mock's own document is unchanged.
  expect(spec.document.info.description).not.toContain('Contract decision');
});
