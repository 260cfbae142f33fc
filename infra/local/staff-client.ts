// What a staff member's tool does against the HTTP API: the profile, the narrative, attachments
// through presigned POSTs, rendering and downloading the report. Used by the main job and tests.
export class StaffClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** Like request, but anything other than 2xx is an error carrying the API's answer. */
  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Asks for a presigned POST and sends the file through it, as a browser form would: a document to cite, or a signing image. */
  async upload(agencyId: string, request: { fileName: string; contentType: string } & ({ document: unknown } | { image: { kind: string } }), bytes: Uint8Array): Promise<string> {
    const answer = await this.ok<{ uploadId: string; upload: { url: string; fields: Record<string, string> } }>('POST', `/v1/agencies/${agencyId}/uploads`, {
      ...request,
      size: bytes.length,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(answer.upload.fields)) form.append(name, value);
    form.append('file', new Blob([bytes], { type: request.contentType }), request.fileName);
    const sent = await fetch(answer.upload.url, { method: 'POST', body: form });
    if (sent.status >= 300) throw new Error(`upload of ${request.fileName} answered ${sent.status}: ${await sent.text()}`);
    return answer.uploadId;
  }

  /** Waits until the upload check has decided (it runs on the S3 notification). */
  async decided(agencyId: string, uploadId: string, timeoutMs = 15_000): Promise<{ state: string; reason?: string }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const upload = await this.ok<{ state: string; reason?: string }>('GET', `/v1/agencies/${agencyId}/uploads/${uploadId}`);
      if (upload.state !== 'pending') return upload;
      if (Date.now() > until) throw new Error(`upload ${uploadId} still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
