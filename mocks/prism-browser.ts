// Prism's modules in a browser bundle: imported statically (a bundle has no lazy require), the spec transform left
// out (the bundle serves the packaged contract, whose Prism operations the build computed).
import * as core from '@stoplight/prism-core/dist/factory';
import mocker from '@stoplight/prism-http/dist/mocker';
import router from '@stoplight/prism-http/dist/router';
import * as validator from '@stoplight/prism-http/dist/validator';
import { validate as validateBody } from '@stoplight/prism-http/dist/validator/validators/body';
import { JSONSchemaFaker } from 'json-schema-faker';
import type { PrismBodyValidator, PrismModules } from './prism-engine';

// As on Node: json-schema-faker adds no random properties to objects the spec describes.
JSONSchemaFaker.option({ fillProperties: false });

export const browserPrismModules: PrismModules = {
  route: () => router,
  prism: () => ({
    core,
    mock: mocker as never,
    validator: validator as unknown as Record<string, unknown>,
    validateBody: validateBody as unknown as PrismBodyValidator,
  }),
  transform() {
    throw new Error('the browser build serves the packaged contract only (its Prism operations come with it)');
  },
};
