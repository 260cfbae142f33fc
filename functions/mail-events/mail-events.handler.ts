// The mail-events function, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildMailEvents } from './mail-events.root.ts';

export const handler = buildMailEvents(configFromEnv());
