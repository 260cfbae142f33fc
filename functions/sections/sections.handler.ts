// The sections function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildSections } from './sections.root.ts';

export const handler = buildSections(configFromEnv());
