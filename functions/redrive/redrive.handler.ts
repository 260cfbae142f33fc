// Invoked by an operator after a fix (aws lambda invoke, payload {} or {"agencyId": "…"}), and by
// `npm run redrive` locally: re-applies the parked events, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildRedrive } from './redrive.root.ts';

export const handler = buildRedrive(configFromEnv());
