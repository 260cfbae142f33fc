// Sending one report mail: tried per DeliveryPolicy with backoff, the last error kept for the log.
import type { MailMessage } from '#domain/report-ports.ts';
import { nfc } from '#domain/vi-format.ts';
import { log } from '#adapters/log.ts';
import type { DeliveryPolicy, ReportPorts } from './report-ports.ts';

/** The provider's message id, or the last error after `policy.attempts` sends. */
export async function sendWithRetries(
  ports: Pick<ReportPorts, 'mailer' | 'sleep'>,
  message: MailMessage,
  policy: DeliveryPolicy,
  context: Record<string, unknown>,
): Promise<{ attempts: number; messageId?: string; lastError: string }> {
  let attempts = 0;
  let lastError = '';
  while (attempts < policy.attempts) {
    if (attempts > 0) await ports.sleep(policy.backoffMs * 2 ** (attempts - 1));
    attempts++;
    try {
      return { attempts, messageId: await ports.mailer.send(message), lastError };
    } catch (error) {
      lastError = (error as Error).message;
      log.warn('report mail failed', { ...context, to: message.to, attempts, error: lastError });
    }
  }
  return { attempts, lastError };
}

/** "UBND tỉnh (báo cáo)" is addressed as "UBND tỉnh": the note in brackets is for the list, not the salutation. */
export const salutationOf = (recipientLine: string): string =>
  nfc(recipientLine)
    .replace(/^[-–+]\s*/, '')
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/[\s;,.]+$/, '')
    .trim();

/** Joins mail lines, keeping at most one empty line in a row. */
export const mailBody = (lines: string[]): string => lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n');
