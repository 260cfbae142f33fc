// SQS, SES and Cognito have no local equivalent here, so their adapters are checked against
// stand-in clients that record the commands and answer as the services document.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { sqsEventQueue } from '#adapters/event-queue.ts';
import { DELIVERY_TAG, deliveryFromTag } from '#adapters/delivery-tag.ts';
import { sesMailer } from '#adapters/mailer.ts';
import { cognitoLeaderDirectory, fixedLeaderDirectory } from '#adapters/leader-directory.ts';

type Sent = { input: { Entries: Array<{ Id: string; MessageBody: string }> } };

describe('the SQS event queue', () => {
  it('sends in batches of ten and resends only the entries SQS refused', async () => {
    const calls: string[][] = [];
    let refuseOnce = true;
    const client = {
      send: async ({ input }: Sent) => {
        calls.push(input.Entries.map((e) => e.MessageBody));
        if (refuseOnce && input.Entries.some((e) => e.MessageBody === 'm12')) {
          refuseOnce = false;
          const failed = input.Entries.filter((e) => e.MessageBody === 'm12');
          return { Successful: [], Failed: failed.map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'try again' })) };
        }
        return { Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] };
      },
    } as unknown as SQSClient;
    await sqsEventQueue(client, 'https://sqs.example/q').send(Array.from({ length: 23 }, (_, i) => `m${i}`));
    expect(calls.map((c) => c.length).sort((a, b) => a - b)).toEqual([1, 3, 10, 10]);
    expect(calls.flat().filter((b) => b === 'm12')).toHaveLength(2);
  });

  it('fails the request when SQS keeps refusing, so the sender retries it', async () => {
    const client = {
      send: async ({ input }: Sent) => ({ Failed: input.Entries.map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'down' })) }),
    } as unknown as SQSClient;
    await expect(sqsEventQueue(client, 'https://sqs.example/q', 2).send(['a'])).rejects.toThrow(/refused 1 message/);
  });
});

describe('the SES mailer', () => {
  it('sends one raw MIME message with both attachments to the one address', async () => {
    let request:
      | { FromEmailAddress: string; Destination: { ToAddresses: string[] }; Content: { Raw: { Data: Uint8Array } }; ConfigurationSetName: string; EmailTags: Array<{ Name: string; Value: string }> }
      | undefined;
    const client = { send: async ({ input }: { input: typeof request }) => ((request = input), { MessageId: 'ses-1' }) } as unknown as SESv2Client;
    const id = await sesMailer(client, 'cchc-report-test').send({
      from: 'bao-cao@example.vn',
      to: 'vanthu.ubnd@example.vn',
      subject: 'Báo cáo công tác cải cách hành chính 6 tháng đầu năm',
      text: 'Kính gửi: UBND tỉnh',
      attachments: [
        { filename: 'bao-cao.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: new Uint8Array([1, 2, 3]) },
        { filename: 'bao-cao.pdf', contentType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.7') },
      ],
      delivery: { agencyId: 'Sở KH&CN', periodId: '2023-H1', version: 2 },
    });
    expect(id).toBe('ses-1');
    expect(request!.Destination.ToAddresses).toEqual(['vanthu.ubnd@example.vn']);
    // through the configuration set, tagged with the delivery in the characters SES allows in a tag
    expect(request!.ConfigurationSetName).toBe('cchc-report-test');
    expect(request!.EmailTags).toHaveLength(1);
    expect(request!.EmailTags[0]!.Name).toBe(DELIVERY_TAG);
    expect(request!.EmailTags[0]!.Value).toMatch(/^[A-Za-z0-9_.@-]{1,256}$/);
    expect(deliveryFromTag(request!.EmailTags[0]!.Value)).toEqual({ agencyId: 'Sở KH&CN', periodId: '2023-H1', version: 2 });
    expect(deliveryFromTag('bm90IGEgZGVsaXZlcnk')).toBeUndefined();
    const mail = await simpleParser(Buffer.from(request!.Content.Raw.Data));
    expect(mail.subject).toBe('Báo cáo công tác cải cách hành chính 6 tháng đầu năm');
    expect(mail.attachments.map((a) => [a.filename, a.content.length])).toEqual([
      ['bao-cao.docx', 3],
      ['bao-cao.pdf', 8],
    ]);
    // a mail that is no report delivery (a notice to the office) goes untagged
    await sesMailer(client, 'cchc-report-test').send({ from: 'bao-cao@example.vn', to: 'vanphong@example.vn', subject: 'Thông báo', text: 'Kỳ báo cáo đã kết thúc.', attachments: [] });
    expect(request!.ConfigurationSetName).toBe('cchc-report-test');
    expect(request!.EmailTags).toBeUndefined();
  });
});

describe('the leaders of the deadline reminders', () => {
  const user = (email: string, agencyId: string, extra: { verified?: boolean; enabled?: boolean } = {}) => ({
    Enabled: extra.enabled ?? true,
    Attributes: [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: String(extra.verified ?? true) },
      { Name: 'custom:agencyId', Value: agencyId },
    ],
  });

  it("reads every page of the pool's cchc-leader group and keeps the agency's enabled leaders with a verified address", async () => {
    const pages: Record<string, { Users: unknown[]; NextToken?: string }> = {
      first: { Users: [user('Giam.Doc@skhcn.example.vn', 'SKHCN'), user('pgd@stp.example.vn', 'STP'), user('chua-xac-minh@skhcn.example.vn', 'SKHCN', { verified: false })], NextToken: 'p2' },
      p2: { Users: [user('pho.giam.doc@skhcn.example.vn', 'SKHCN'), user('nghi-viec@skhcn.example.vn', 'SKHCN', { enabled: false })] },
    };
    const asked: Array<Record<string, unknown>> = [];
    const cognito = { send: async ({ input }: { input: Record<string, unknown> }) => (asked.push(input), pages[String(input.NextToken ?? 'first')]) };
    const leaders = cognitoLeaderDirectory(cognito as never, 'ap-southeast-1_pool');
    expect(await leaders.leaderEmails('SKHCN')).toEqual(['giam.doc@skhcn.example.vn', 'pho.giam.doc@skhcn.example.vn']);
    expect(asked).toEqual([
      { UserPoolId: 'ap-southeast-1_pool', GroupName: 'cchc-leader', NextToken: undefined },
      { UserPoolId: 'ap-southeast-1_pool', GroupName: 'cchc-leader', NextToken: 'p2' },
    ]);
    expect(await leaders.leaderEmails('XATINHKHE')).toEqual([]);
  });

  it('takes the fixed directory of local mode, and nobody without one', async () => {
    expect(await fixedLeaderDirectory('{"SKHCN": ["lanh-dao@skhcn.example.vn"]}').leaderEmails('SKHCN')).toEqual(['lanh-dao@skhcn.example.vn']);
    expect(await fixedLeaderDirectory(undefined).leaderEmails('SKHCN')).toEqual([]);
  });
});
