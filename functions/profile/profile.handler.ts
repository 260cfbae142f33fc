// The profile function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildProfile } from './profile.root.ts';

export const handler = buildProfile(configFromEnv());
