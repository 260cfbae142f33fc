// Uploads: the document's fields (CONTRACT §7 labels), a file picker with drag and drop, the
// presigned POST straight to S3 with a progress bar, each row following its check without a
// reload, and the period's attachments with the footnote each becomes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { contentTypeFor, MAX_ATTACHMENT_BYTES } from '#domain/attachment.ts';
import { DOCUMENT_KIND_NAMES, type DocumentKind } from '#domain/document-kinds.ts';
import { citationText } from '#domain/report/citations.ts';
import { SECTION_KEYS, type SectionKey } from '#domain/sections.ts';
import type { ApiAnswers } from '#functions/api-answers.ts';
import { api, ApiError, messageOf } from './api.ts';
import { canWrite, type PageProps } from './app.tsx';
import { sectionHeading } from './narrative.tsx';
import { Card, ErrorText, Progress, TableScroll } from './ui.tsx';

type Ticket = ApiAnswers['POST /v1/agencies/{agencyId}/uploads'];
/** An upload as staff see it (GET …/uploads/{uploadId}). */
type UploadView = ApiAnswers['GET /v1/agencies/{agencyId}/uploads/{uploadId}'];

const FIELDS = [
  { name: 'number', label: 'Số, ký hiệu', path: 'document.number' },
  { name: 'issuedOn', label: 'Ngày ban hành', path: 'document.issuedOn', type: 'date' },
  { name: 'issuer', label: 'Người ban hành', path: 'document.issuer' },
  { name: 'subject', label: 'Trích yếu', path: 'document.subject' },
] as const;

/** The error paths shown next to a field of the form; any other error is shown under it. */
const SHOWN_BY_FIELD: string[] = ['document.kind', ...FIELDS.map((f) => f.path), 'document.reformArea', 'fileName', 'size', 'contentType'];

const POLL_MS = 1000;
const POLL_LIMIT = 120;

/** POSTs the file to S3 with the form fields, the file last (CONTRACT §4); reports the fraction sent. */
function postToS3(ticket: Ticket, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.upload.fields)) form.append(name, value);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', ticket.upload.url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status, 's3', `Kho lưu trữ từ chối tệp (${xhr.status}).`)));
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Mất kết nối khi gửi tệp. Vui lòng thử lại.'));
    xhr.send(form);
  });
}

const STATE_TEXT: Record<UploadView['state'], string> = { pending: 'Đang kiểm tra', accepted: 'Đã chấp nhận', rejected: 'Bị từ chối' };

export function UploadsPage(props: PageProps) {
  const { session, agencyId, periodId } = props;
  const [uploads, setUploads] = useState<UploadView[]>();
  const [error, setError] = useState<string>();
  const alive = useRef(true);
  useEffect(() => {
    api(session, 'GET /v1/agencies/{agencyId}/periods/{periodId}/uploads', { agencyId, periodId }).then((u) => setUploads(u.uploads), (e: unknown) => setError(messageOf(e)));
    return () => void (alive.current = false);
  }, []);
  const upsert = (upload: UploadView) => setUploads((list) => [...(list ?? []).filter((u) => u.uploadId !== upload.uploadId), upload]);
  /** Follows an upload until its check is done: the row changes without a reload. */
  const follow = async (uploadId: string) => {
    for (let i = 0; i < POLL_LIMIT && alive.current; i++) {
      const upload = await api(session, 'GET /v1/agencies/{agencyId}/uploads/{uploadId}', { agencyId, uploadId }).catch(() => undefined);
      if (upload) upsert(upload);
      if (upload && upload.state !== 'pending') return;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  return (
    <div class="stack">
      {canWrite(session) && <UploadForm props={props} onStarted={(uploadId) => follow(uploadId)} />}
      <Card title="Văn bản đính kèm của kỳ">
        <ErrorText error={error} />
        {!uploads && !error && <Progress label="Đang tải danh sách…" />}
        {uploads && uploads.length === 0 && <p class="muted">Chưa có văn bản nào trong kỳ.</p>}
        {uploads && uploads.length > 0 && (
          <TableScroll label="Danh sách văn bản đính kèm">
            <table class="uploads">
              <thead>
                <tr>
                  <th scope="col">Văn bản</th>
                  <th scope="col">Lĩnh vực</th>
                  <th scope="col">Tệp</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Chú thích trong báo cáo</th>
                </tr>
              </thead>
              <tbody>
                {uploads
                  // a period lists the documents it cites; signing images belong to no period
                  .flatMap((u) => (u.document ? [{ ...u, document: u.document }] : []))
                  .sort((a, b) => a.uploadId.localeCompare(b.uploadId))
                  .map((u) => (
                    <tr data-upload={u.uploadId}>
                      <th scope="row">
                        {u.document.kind} {u.document.number}
                        <div class="muted">{u.document.subject}</div>
                      </th>
                      <td>{sectionHeading(u.document.reformArea as SectionKey)}</td>
                      <td class="file">{u.fileName}</td>
                      <td class={`state ${u.state}`}>
                        <strong>{STATE_TEXT[u.state]}</strong>
                        {u.state === 'rejected' && u.reason && <div class="reason">{u.reason}</div>}
                        {u.duplicateOf && <div class="muted">Trùng nội dung với một tệp đã tải lên trước.</div>}
                      </td>
                      <td>{u.state === 'accepted' ? citationText(u.document) : '—'}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Card>
    </div>
  );
}

function UploadForm({ props, onStarted }: { props: PageProps; onStarted: (uploadId: string) => void }) {
  const [file, setFile] = useState<File>();
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const formRef = useRef<HTMLFormElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const fieldError = (path: string) => error?.about(path);

  const pick = (picked: File | undefined) => {
    setFile(picked);
    setDone(undefined);
    if (picked && picked.size > MAX_ATTACHMENT_BYTES) setError(new ApiError(400, 'too_large', `Tệp lớn hơn ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`, [{ path: 'size', message: 'quá lớn' }]));
    else setError(undefined);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return setError(new ApiError(400, 'no_file', 'Chọn tệp đính kèm.', [{ path: 'fileName', message: 'Chọn tệp đính kèm.' }]));
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const contentType = contentTypeFor(file.name);
    if (!contentType) return setError(new ApiError(400, 'type', 'Chỉ nhận tệp PDF, DOCX, ODT, JPEG hoặc PNG.', [{ path: 'fileName', message: 'Chỉ nhận tệp PDF, DOCX, ODT, JPEG hoặc PNG.' }]));
    setError(undefined);
    setDone(undefined);
    setProgress(0);
    try {
      const issuer = text('issuer');
      const ticket = await api(props.session, 'POST /v1/agencies/{agencyId}/uploads', props, {
        body: {
          fileName: file.name,
          contentType,
          size: file.size,
          // the two choices come from the form's <select>s, and the server checks them again
          document: { kind: text('kind') as DocumentKind, number: text('number'), issuedOn: text('issuedOn'), ...(issuer ? { issuer } : {}), subject: text('subject'), reformArea: text('reformArea') as SectionKey, periodId: props.periodId },
        },
      });
      onStarted(ticket.uploadId);
      await postToS3(ticket, file, setProgress);
      setDone(`Đã gửi ${file.name}; đang kiểm tra nội dung tệp.`);
      formRef.current?.reset();
      setFile(undefined);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', messageOf(e)));
    } finally {
      setProgress(undefined);
    }
  };
  const described = (path: string, id: string) => (fieldError(path) ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {});
  return (
    <Card title="Tải lên văn bản">
      <form ref={formRef} class="upload-form" onSubmit={submit} noValidate>
        <div class="grid">
          <div class="field">
            <label for="doc-kind">Loại văn bản</label>
            <select id="doc-kind" name="kind" {...described('document.kind', 'doc-kind')}>
              {Object.entries(DOCUMENT_KIND_NAMES).map(([kind, name]) => (
                <option value={kind}>
                  {kind} — {name}
                </option>
              ))}
            </select>
            <ErrorText error={fieldError('document.kind')} id="doc-kind-error" />
          </div>
          {FIELDS.map((f) => (
            <div class={f.name === 'subject' ? 'field wide' : 'field'}>
              <label for={`doc-${f.name}`}>{f.label}</label>
              <input id={`doc-${f.name}`} name={f.name} type={('type' in f ? f.type : 'text') as 'text'} required={f.name !== 'issuer'} {...described(f.path, `doc-${f.name}`)} />
              <ErrorText error={fieldError(f.path)} id={`doc-${f.name}-error`} />
            </div>
          ))}
          <div class="field">
            <label for="doc-area">Lĩnh vực</label>
            <select id="doc-area" name="reformArea" {...described('document.reformArea', 'doc-area')}>
              {SECTION_KEYS.map((key) => (
                <option value={key}>{sectionHeading(key)}</option>
              ))}
            </select>
            <ErrorText error={fieldError('document.reformArea')} id="doc-area-error" />
          </div>
        </div>
        <div
          class={dragging ? 'dropzone dragging' : 'dropzone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            pick(e.dataTransfer?.files[0]);
          }}
        >
          <label for="doc-file">Tệp đính kèm</label>
          <input ref={fileInput} id="doc-file" type="file" accept=".pdf,.docx,.odt,.jpg,.jpeg,.png" onChange={(e) => pick(e.currentTarget.files?.[0])} {...described('fileName', 'doc-file')} />
          <p class="muted">{file ? `Đã chọn: ${file.name} (${Math.ceil(file.size / 1024)} KB)` : 'Hoặc kéo thả tệp vào đây. PDF, DOCX, ODT, JPEG, PNG; tối đa 20 MB.'}</p>
          <ErrorText error={fieldError('fileName') ?? fieldError('size') ?? fieldError('contentType')} id="doc-file-error" />
        </div>
        {error && !error.details.some((d) => SHOWN_BY_FIELD.includes(d.path)) && <ErrorText error={error.message} />}
        <div class="row">
          <button type="submit" class="primary" disabled={progress !== undefined}>
            Tải lên
          </button>
          {progress !== undefined && <Progress label="Đang gửi tệp…" value={progress} />}
          {done && <p role="status">{done}</p>}
        </div>
      </form>
    </Card>
  );
}
