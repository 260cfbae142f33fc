// The delivery worker in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildDeliver } from './deliver.root.ts';

export const handler = buildDeliver(configFromEnv());
