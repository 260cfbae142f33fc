// The SES message tag that names the delivery a mail is for (the SES mailer writes it, mail-events
// reads it back from the bounce and complaint events); apart from the mailer so mail-events does
// not bundle nodemailer.
import type { DeliveryRef } from '#domain/report-ports.ts';

/** The SES message tag naming the delivery; SES hands it back in the bounce and complaint events. */
export const DELIVERY_TAG = 'delivery';

/** Tag values allow letters, digits, `_ - . @` only: the reference travels as base64url JSON. */
export function deliveryTagValue({ agencyId, periodId, version }: DeliveryRef): string {
  return Buffer.from(JSON.stringify([agencyId, periodId, version])).toString('base64url');
}

/** The delivery a tag value names, undefined for anything else. */
export function deliveryFromTag(value: string): DeliveryRef | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
    const [agencyId, periodId, version] = parsed as unknown[];
    if (typeof agencyId !== 'string' || typeof periodId !== 'string' || !Number.isInteger(version)) return undefined;
    return { agencyId, periodId, version: version as number };
  } catch {
    return undefined;
  }
}
