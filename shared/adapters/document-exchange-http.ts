// The DocumentExchange over HTTPS: the province's LGSP/VXP gateway in AWS, the stand-in exchange of the
// local stack (infra/local/document-exchange.ts) locally, so the same path runs in both. Gateways
// differ per province (docs/deploy.md): this adapter speaks the plain form — POST the signed edXML
// envelope to `{base}/edxml/send?to={organ}` with HTTP Basic credentials, answered with the
// exchange's first status as an edXML status message (01 taken, 02 refused); a province whose
// gateway wraps it otherwise (SOAP, OAuth tokens) gets its own adapter behind the same port.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import type { DocumentExchange, ExchangeStatus, OutgoingEnvelope } from '#domain/document-exchange.ts';
import { parseStatusMessage } from '#domain/edxml-status.ts';
import { DomainError } from '#domain/errors.ts';
import { required, type Adapters, type Config } from './config.ts';
import { cachedSecret } from './secrets.ts';

export const EXCHANGE_SEND_PATH = '/edxml/send';

/** The agency's account at the gateway: the Secrets Manager secret `{"username", "password"}`. */
const ExchangeCredentialsSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });
export type ExchangeCredentials = z.infer<typeof ExchangeCredentialsSchema>;

export const basicAuthorization = (c: ExchangeCredentials): string => `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;

/** The exchange could not be reached or did not take the request; `retryable` says whether sending again may help. */
export class ExchangeTransportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ExchangeTransportError';
  }
}

export interface HttpExchangeOptions {
  /** the gateway's base URL, e.g. https://lgsp.quangngai.gov.vn/vxp */
  baseUrl: string;
  /** read at each send (cached by the caller: cachedSecret), so a rotation reaches warm functions */
  credentials?: () => Promise<ExchangeCredentials>;
  /** a send that takes longer is a transport failure; default 30 s */
  timeoutMs?: number;
}

export function httpDocumentExchange(options: HttpExchangeOptions): DocumentExchange {
  const endpoint = new URL(EXCHANGE_SEND_PATH.slice(1), options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  return {
    async send(envelope: OutgoingEnvelope): Promise<ExchangeStatus> {
      const url = new URL(endpoint);
      url.searchParams.set('to', envelope.to);
      const headers: Record<string, string> = { 'content-type': 'application/xml; charset=utf-8' };
      if (options.credentials) headers.authorization = basicAuthorization(await options.credentials());
      const where = `the document exchange at ${endpoint.origin}`;
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body: envelope.xml, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
      } catch (error) {
        throw new ExchangeTransportError(`${where} could not be reached for ${envelope.documentId} to ${envelope.to}: ${error instanceof Error ? error.message : String(error)}`, true);
      }
      const body = await response.text().catch(() => '');
      if (!response.ok) {
        // 5xx and 429 pass; anything else (wrong credentials, a request it cannot read) will not by sending again.
        const retryable = response.status >= 500 || response.status === 429;
        throw new ExchangeTransportError(`${where} answered HTTP ${response.status} for ${envelope.documentId} to ${envelope.to}: ${body.slice(0, 300)}`, retryable);
      }
      let status: ExchangeStatus;
      try {
        status = parseStatusMessage(body);
      } catch (error) {
        const detail = error instanceof DomainError ? error.details.map((d) => `${d.path} ${d.message}`).join('; ') : String(error);
        throw new ExchangeTransportError(`${where} answered ${envelope.documentId} to ${envelope.to} with no valid status message: ${detail}`, true);
      }
      if (status.documentId !== envelope.documentId || (status.code !== '01' && status.code !== '02'))
        throw new ExchangeTransportError(`${where} answered ${envelope.documentId} with status ${status.code} about ${status.documentId}, not 01 or 02 about it`, true);
      return status;
    },
  };
}

/**
 * The exchange the configuration chooses: the province's gateway (EXCHANGE_URL, credentials in the
 * secret EXCHANGE_CREDENTIALS_ARN, read when the first envelope goes), or the local stand-in at `url`.
 */
export function buildDocumentExchange(config: Config, secrets: () => SecretsManagerClient = () => new SecretsManagerClient({})): DocumentExchange {
  const choice: Adapters['exchange'] = config.adapters.exchange;
  if (choice.kind === 'local') return httpDocumentExchange({ baseUrl: choice.url, ...(choice.credentials ? { credentials: async () => choice.credentials! } : {}) });
  const { exchangeUrl, exchangeCredentialsArn } = required(config, ['exchangeUrl', 'exchangeCredentialsArn']);
  let read: (() => Promise<string>) | undefined;
  return httpDocumentExchange({
    baseUrl: exchangeUrl,
    credentials: async () => {
      read ??= cachedSecret(secrets(), exchangeCredentialsArn);
      const parsed = ExchangeCredentialsSchema.safeParse(JSON.parse(await read()));
      if (!parsed.success) throw new Error(`The secret ${exchangeCredentialsArn} is not {"username", "password"}: ${parsed.error.message}`);
      return parsed.data;
    },
  });
}
