// The document exchange path of CONTRACT §10 without AWS: the HTTPS adapter against the stand-in
// exchange of the local stack (a real HTTP server on 127.0.0.1), the status messages it answers and
// pushes, and the edXML status message in both directions.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AWS_ADAPTERS } from '#adapters/config.ts';
import { buildDocumentExchange, ExchangeTransportError, httpDocumentExchange } from '#adapters/document-exchange-http.ts';
import { signEdxml } from '#adapters/edxml-signature.ts';
import type { ExchangeStatus } from '#domain/document-exchange.ts';
import { buildStatusMessage, parseStatusMessage } from '#domain/edxml-status.ts';
import { buildEdxmlEnvelope, edxmlDocumentId } from '#domain/edxml.ts';
import { Invalid } from '#domain/errors.ts';
import { keptFileName, REFUSING_ORGAN_ID, startStandInExchange, type StandInExchange, type StandInExchangeOptions } from '#local/document-exchange.ts';
import { edxmlDocument, testSigner } from './edxml-fixtures.ts';

const keys = testSigner();
afterAll(keys.cleanup);
const DOCUMENT_ID = '000.19.31.H49,2023/06/15,1015/BC-SKHCN';

describe('status messages', () => {
  const status: ExchangeStatus = { documentId: DOCUMENT_ID, organId: '000.00.00.H49', code: '02', description: 'Sai địa chỉ nhận', at: '2023-06-15T10:05:07+07:00' };

  it('round-trips an ExchangeStatus through the edXML Status header', () => {
    const xml = buildStatusMessage(status, { organName: 'Ủy ban nhân dân tỉnh Quảng Ngãi', staff: { department: 'Văn thư', staff: 'Trần Thị B' } });
    expect(xml).toContain('<edXML:StatusCode>02</edXML:StatusCode>');
    expect(xml).toContain('<edXML:Timestamp>2023/06/15 10:05:07</edXML:Timestamp>');
    expect(xml).toContain('<edXML:ResponseFor><edXML:OrganId>000.19.31.H49</edXML:OrganId><edXML:Code>1015/BC-SKHCN</edXML:Code><edXML:PromulgationDate>2023/06/15</edXML:PromulgationDate>');
    // read back as the UTC instant every stored time is
    const utc = { ...status, at: '2023-06-15T03:05:07.000Z' };
    expect(parseStatusMessage(xml)).toEqual(utc);
    const { description: _, ...plain } = utc;
    expect(parseStatusMessage(buildStatusMessage({ ...plain, code: '06' }))).toEqual({ ...plain, code: '06' });
  });

  it('writes the timestamp in Vietnam time whatever the instant’s offset, and the same status as the same bytes', () => {
    const utc = buildStatusMessage({ ...status, at: '2023-06-15T03:05:07Z' });
    expect(utc).toBe(buildStatusMessage(status));
  });

  it.each([
    ['not xml', 'edXMLEnvelope', '<edXML:edXMLEnvelope'],
    ['another root', 'edXMLEnvelope', '<Status xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>'],
    ['no status code', 'Status.StatusCode', buildStatusMessage(status).replace(/<edXML:StatusCode>02<\/edXML:StatusCode>/u, '')],
    ['an unknown code', 'Status.StatusCode', buildStatusMessage(status).replace('>02<', '>99<')],
    ['a bad timestamp', 'Status.Timestamp', buildStatusMessage(status).replace('2023/06/15 10:05:07', '15/06/2023')],
    ['a bad DocumentId', 'Status.ResponseFor.DocumentId', buildStatusMessage(status).replace(`<edXML:DocumentId>${DOCUMENT_ID}`, '<edXML:DocumentId>1015')],
    ['no From', 'Status.From', buildStatusMessage(status).replace(/<edXML:From>.*<\/edXML:From>/u, '')],
  ])('refuses %s as Invalid naming %s', (_name, path, xml) => {
    let error: unknown;
    try {
      parseStatusMessage(xml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).details[0]!.path).toBe(path);
  });
});

describe('the stand-in exchange through the HTTPS adapter', () => {
  let dir: string;
  let exchange: StandInExchange | undefined;
  let pushed: ExchangeStatus[];
  let signedXml: string;

  beforeAll(async () => {
    signedXml = await signEdxml(buildEdxmlEnvelope(edxmlDocument()), keys.signer);
  });
  afterEach(async () => {
    await exchange?.close();
    exchange = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(options: StandInExchangeOptions = {}) {
    dir = mkdtempSync(join(tmpdir(), 'edxml-out-'));
    pushed = [];
    exchange = await startStandInExchange({
      dir,
      delayMs: 5,
      trusted: keys.caPem(),
      onStatus: async (xml) => void pushed.push(parseStatusMessage(xml)),
      ...options,
    });
    return { exchange, adapter: httpDocumentExchange({ baseUrl: exchange.url }) };
  }

  it('keeps the envelope under its DocumentId and organ, answers 01, then pushes 03 and 06', async () => {
    const { exchange, adapter } = await start();
    const answer = await adapter.send({ to: '000.00.00.H49', documentId: DOCUMENT_ID, xml: signedXml });
    expect(answer).toMatchObject({ documentId: DOCUMENT_ID, organId: '000.00.00.H49', code: '01' });
    const file = join(dir, keptFileName(DOCUMENT_ID, '000.00.00.H49'));
    expect(file).toBe(join(dir, '000.19.31.H49_2023_06_15_1015_BC-SKHCN__000.00.00.H49.xml'));
    expect(readFileSync(file, 'utf8')).toBe(signedXml);
    expect(exchange.files()).toEqual([file]);
    await exchange.idle();
    expect(pushed.map((s) => [s.documentId, s.organId, s.code])).toEqual([
      [DOCUMENT_ID, '000.00.00.H49', '03'],
      [DOCUMENT_ID, '000.00.00.H49', '06'],
    ]);
  });

  it(`refuses ${REFUSING_ORGAN_ID} with 02 and a reason, and pushes nothing later`, async () => {
    const { exchange, adapter } = await start();
    const doc = edxmlDocument({ to: [{ organId: REFUSING_ORGAN_ID, organName: 'Cơ quan thử từ chối' }] });
    const xml = await signEdxml(buildEdxmlEnvelope(doc), keys.signer);
    const answer = await adapter.send({ to: REFUSING_ORGAN_ID, documentId: DOCUMENT_ID, xml });
    expect(answer.code).toBe('02');
    expect(answer.description).toContain(REFUSING_ORGAN_ID);
    expect(existsSync(join(dir, keptFileName(DOCUMENT_ID, REFUSING_ORGAN_ID)))).toBe(true);
    await exchange.idle();
    expect(pushed).toEqual([]);
  });

  it('refuses a message whose signature fails after one changed byte, or that is not signed, with 02', async () => {
    const { adapter } = await start();
    const tampered = signedXml.replace('Nguyễn Văn Đông', 'Nguyễn Văn Đônh');
    expect(await adapter.send({ to: '000.00.00.H49', documentId: DOCUMENT_ID, xml: tampered })).toMatchObject({ code: '02', description: expect.stringContaining('Chữ ký số không hợp lệ') });
    const unsigned = buildEdxmlEnvelope(edxmlDocument());
    expect(await adapter.send({ to: '000.00.00.H49', documentId: DOCUMENT_ID, xml: unsigned })).toMatchObject({ code: '02', description: expect.stringContaining('ds:Signature') });
  });

  it('refuses a message signed under a CA it does not trust with 02', async () => {
    const other = testSigner();
    try {
      const { adapter } = await start({ trusted: (await other.signer.certificateChain()).at(-1) });
      const answer = await adapter.send({ to: '000.00.00.H49', documentId: DOCUMENT_ID, xml: signedXml });
      expect(answer).toMatchObject({ code: '02', description: expect.stringContaining('is not trusted') });
    } finally {
      other.cleanup();
    }
  });

  it('refuses a message over the limits with 02 naming the element', async () => {
    const { adapter } = await start();
    // Built by hand past the builder's own check, as another sender might.
    const xml = await signEdxml(buildEdxmlEnvelope(edxmlDocument()).replace(/<edXML:Subject>[^<]*/u, `<edXML:Subject>${'Báo cáo '.repeat(70)}`), keys.signer);
    const answer = await adapter.send({ to: '000.00.00.H49', documentId: DOCUMENT_ID, xml });
    expect(answer).toMatchObject({ code: '02', description: expect.stringContaining('Subject must have at most 500 characters') });
  });

  it('answers 503 to the next n sends (failNext): the adapter throws a retryable transport error, then the send goes through', async () => {
    const { exchange, adapter } = await start();
    exchange.failNext(2);
    const envelope = { to: '000.00.00.H49', documentId: DOCUMENT_ID, xml: signedXml };
    for (let i = 0; i < 2; i++) {
      const error = await adapter.send(envelope).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExchangeTransportError);
      expect((error as ExchangeTransportError).retryable).toBe(true);
      expect((error as Error).message).toMatch(/answered HTTP 503 for 000\.19\.31\.H49,2023\/06\/15,1015\/BC-SKHCN to 000\.00\.00\.H49/u);
    }
    expect(exchange.files()).toEqual([]);
    expect((await adapter.send(envelope)).code).toBe('01');
  });

  it('pushes statuses duplicated and out of order when told to, and any status through emit', async () => {
    const { exchange, adapter } = await start({ later: ['06', '03', '06'] });
    await adapter.send({ to: '000.00.00.H49', documentId: DOCUMENT_ID, xml: signedXml });
    await exchange.idle();
    await exchange.emit({ documentId: DOCUMENT_ID, organId: '000.00.00.H49', code: '13', at: '2023-06-16T08:00:00+07:00' });
    expect(pushed.map((s) => s.code)).toEqual(['06', '03', '06', '13']);
  });

  it('asks for the credentials it is given, and the adapter names a refusal as not retryable', async () => {
    const credentials = { username: 'skhcn', password: 'mật-khẩu' };
    const { exchange } = await start({ credentials });
    const envelope = { to: '000.00.00.H49', documentId: DOCUMENT_ID, xml: signedXml };
    const error = await httpDocumentExchange({ baseUrl: exchange.url }).send(envelope).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false, message: expect.stringContaining('HTTP 401') });
    expect((await httpDocumentExchange({ baseUrl: exchange.url, credentials: async () => credentials }).send(envelope)).code).toBe('01');
  });

  it('throws a retryable transport error when the exchange cannot be reached', async () => {
    const { exchange: closed } = await start();
    const url = closed.url;
    await closed.close();
    exchange = undefined;
    const error = await httpDocumentExchange({ baseUrl: url }).send({ to: '000.00.00.H49', documentId: DOCUMENT_ID, xml: signedXml }).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true, message: expect.stringContaining('could not be reached') });
  });

  it('names the To of each envelope in the file name: the same document to two organs keeps two files', async () => {
    const { exchange, adapter } = await start();
    const two = edxmlDocument({ to: [{ organId: '000.00.00.H49', organName: 'UBND tỉnh' }, { organId: '000.00.21.H49', organName: 'Sở Nội vụ' }] });
    const xml = await signEdxml(buildEdxmlEnvelope(two), keys.signer);
    const id = edxmlDocumentId({ organId: two.from.organId, code: two.number, promulgationDate: two.promulgationDate });
    await adapter.send({ to: '000.00.00.H49', documentId: id, xml });
    await adapter.send({ to: '000.00.21.H49', documentId: id, xml });
    expect(exchange.files().map((f) => f.slice(dir.length + 1))).toEqual([keptFileName(id, '000.00.00.H49'), keptFileName(id, '000.00.21.H49')]);
  });
});

describe('buildDocumentExchange', () => {
  it('sends to the local stand-in the configuration names, and needs EXCHANGE_URL and its secret for the province gateway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edxml-out-'));
    const exchange = await startStandInExchange({ dir, delayMs: 5, credentials: { username: 'u', password: 'p' } });
    try {
      const config = { settings: {}, adapters: { ...AWS_ADAPTERS, exchange: { kind: 'local' as const, url: exchange.url, credentials: { username: 'u', password: 'p' } } } };
      const xml = await signEdxml(buildEdxmlEnvelope(edxmlDocument()), keys.signer);
      expect((await buildDocumentExchange(config).send({ to: '000.00.00.H49', documentId: DOCUMENT_ID, xml })).code).toBe('01');
      expect(() => buildDocumentExchange({ settings: {}, adapters: AWS_ADAPTERS })).toThrow('EXCHANGE_URL, EXCHANGE_CREDENTIALS_ARN');
    } finally {
      await exchange.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
