// The functions' configuration: one environment variable per setting, named here once. The CDK
// stack and the local stack set them (`configEnv`), the handler roots read them (`loadConfig`);
// nothing else reads the environment for these.
export const CONFIG_ENV = {
  tableName: 'TABLE_NAME',
  reportsBucket: 'REPORTS_BUCKET',
  uploadsBucket: 'UPLOADS_BUCKET',
  eventsQueueUrl: 'QUEUE_URL',
  closeQueueUrl: 'CLOSE_QUEUE_URL',
  oneStopShopKeysArn: 'ONE_STOP_SHOP_HMAC_KEYS_ARN',
  eOfficeKeysArn: 'E_OFFICE_HMAC_KEYS_ARN',
  mailConfigurationSet: 'MAIL_CONFIGURATION_SET',
  mailFrom: 'MAIL_FROM',
  /** optional JSON {"<agencyId>": ["leader@…", …]}: who deadline reminders go to besides the office (local mode) */
  leaderDirectory: 'LEADER_DIRECTORY',
  /** the staff user pool, whose cchc-leader group names the leaders deadline reminders go to (the close-period function in AWS) */
  userPoolId: 'USER_POOL_ID',
} as const;

export type ConfigKey = keyof typeof CONFIG_ENV;

/** The settings a function needs; a missing one stops it at init, naming every variable missing. */
export function loadConfig<K extends ConfigKey>(keys: readonly K[], env: NodeJS.ProcessEnv = process.env): Record<K, string> {
  const missing = keys.filter((key) => !env[CONFIG_ENV[key]]).map((key) => CONFIG_ENV[key]);
  if (missing.length > 0) throw new Error(`Environment variable${missing.length > 1 ? 's' : ''} not set: ${missing.join(', ')}`);
  return Object.fromEntries(keys.map((key) => [key, env[CONFIG_ENV[key]]!])) as Record<K, string>;
}

/** A setting a function can do without: undefined when its variable is unset or empty. */
export function optionalConfig(key: ConfigKey, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[CONFIG_ENV[key]] || undefined;
}

/** The environment variables that carry the given settings (for the stacks that set them). */
export function configEnv(values: Partial<Record<ConfigKey, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [CONFIG_ENV[key as ConfigKey], value!]));
}
