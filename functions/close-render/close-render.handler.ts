// The render worker in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildCloseRender } from './close-render.root.ts';

export const handler = buildCloseRender(configFromEnv());
