// One JSON Schema validator for the contract's 2020-12 schemas, shared by the spec tests and the suite.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export function createValidator(): Ajv2020 {
  // strict: false because OpenAPI schemas carry keywords JSON Schema does not know (example, x-… notes).
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  return ajv;
}
