// The form-06 workbook function in AWS, from the environment's configuration.
import { configFromEnv } from '#adapters/config.ts';
import { buildForm06 } from './form06.root.ts';

export const handler = buildForm06(configFromEnv());
