// Reports: the versions with their state, history and files; render, submit, return, sign (Ký số)
// and issue (Cấp số và phát hành) (CONTRACT §6), each button only for the roles that may use it
// (CONTRACT §7). The signer's name is shown, never typed: it is the signing leader's own.
import { useEffect, useState } from 'preact/hooks';
import { ISSUERS, LEADERS, type Role } from '#domain/access.ts';
import { localDate } from '#domain/periods.ts';
import type { AgencyProfile } from '#domain/profile.ts';
import type { ReportListing, ReportState } from '#domain/report-version.ts';
import type { ApiAnswers } from '#functions/api-answers.ts';
import type { ApiBodies } from '#functions/api-requests.ts';
import type { RouteParams } from '#functions/api-routes.ts';
import { api, messageOf, type ApiError, type Extras } from './api.ts';
import { canWrite, type PageProps } from './app.tsx';
import { Card, ErrorText, Progress } from './ui.tsx';

type Links = { [name: string]: string | Links };
/** A version as GET …/reports lists it (CONTRACT §6). */
type Listed = ReportListing['reports'][number];
/** The routes that move a version along (submit, return, sign, issue). */
type ReviewKey = Extract<keyof ApiAnswers, `POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/${string}`>;
type ReviewAction = ReviewKey extends `${string}/{version}/${infer A}` ? A : never;

/** The delivery states in the console's words (CONTRACT §7). */
const DELIVERY_STATE_NAMES: Record<string, string> = {
  queued: 'Đang chờ gửi',
  sent: 'Đã gửi',
  accepted: 'Đã tiếp nhận',
  done: 'Đã xử lý',
  refused: 'Bị từ chối',
  failed: 'Gửi lỗi',
};
const CHANNEL_NAMES: Record<string, string> = { exchange: 'trục liên thông', email: 'thư điện tử' };

/** A leader who may sign, as the profile lists them (CONTRACT §6). */
type Signer = AgencyProfile['signers'][number];
/** What the page needs of the agency profile: who signs, whether a clerk issues, the number's symbol. */
type SigningProfile = Partial<Pick<AgencyProfile, 'signers' | 'clerks' | 'symbol'>>;

const STATE_NAMES: Record<ReportState, string> = { draft: 'Dự thảo', submitted: 'Đã trình ký', returned: 'Bị trả lại', signed: 'Đã ký số', issued: 'Đã phát hành' };
const LINK_NAMES: Record<string, string> = { docx: 'Tải DOCX', pdf: 'Xem PDF', issued: 'Bản phát hành', signed: 'Bản đã ký', draft: 'Bản dự thảo' };

/** "Trần Quốc Bảo (KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC)": who signs, as the signature block will print them. */
const signerLine = (signer: Pick<Signer, 'name' | 'title'>) => `${signer.name} (${signer.title.split('\n').join(' – ')})`;

const when = (iso: string) => new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });

/** The download links of a version, whatever nesting the listing uses (draft files, then issued ones). */
function LinkList({ links, prefix = '' }: { links: Links; prefix?: string }) {
  return (
    <>
      {Object.entries(links).map(([name, value]) =>
        typeof value === 'string' ? (
          name in LINK_NAMES && (
            <a class="button" href={value} target={name === 'pdf' ? '_blank' : undefined} rel="noopener noreferrer">
              {prefix}
              {LINK_NAMES[name]}
            </a>
          )
        ) : (
          <LinkList links={value} prefix={`${LINK_NAMES[name] ?? name}: `} />
        ),
      )}
    </>
  );
}

export function ReportsPage(props: PageProps) {
  const { session, agencyId, periodId } = props;
  const [reports, setReports] = useState<Listed[]>();
  const [error, setError] = useState<string>();
  const [rendering, setRendering] = useState<{ busy?: boolean; error?: string; message?: string }>({});
  const [profile, setProfile] = useState<SigningProfile>({});
  const reload = () => api(session, 'GET /v1/agencies/{agencyId}/periods/{periodId}/reports', { agencyId, periodId }).then((r) => setReports(r.reports), (e: unknown) => setError(messageOf(e)));
  useEffect(() => void reload(), []);
  useEffect(() => {
    api(session, 'GET /v1/agencies/{agencyId}', { agencyId }).then(setProfile, () => undefined); // no profile: nobody may sign yet
  }, [agencyId]);
  const render = async () => {
    setRendering({ busy: true });
    try {
      const outcome = await api(session, 'POST /v1/agencies/{agencyId}/periods/{periodId}/reports', { agencyId, periodId });
      setRendering({ message: outcome.created ? `Đã lập phiên bản ${outcome.report.version}.` : `Không có gì thay đổi từ phiên bản ${outcome.report.version}.` });
      await reload();
    } catch (e) {
      setRendering({ error: messageOf(e) });
    }
  };
  return (
    <div class="stack">
      {canWrite(session) && (
        <Card title="Lập báo cáo">
          <p class="muted">Lập bản dự thảo từ số liệu, thuyết minh và văn bản đính kèm hiện có. Bản dự thảo chỉ gửi cho văn phòng, không gửi nơi nhận.</p>
          <div class="row">
            <button type="button" class="primary" onClick={render} disabled={rendering.busy}>
              Lập báo cáo
            </button>
            {rendering.busy && <Progress label="Đang lập báo cáo (DOCX và PDF)…" />}
            {rendering.message && <p role="status">{rendering.message}</p>}
          </div>
          <ErrorText error={rendering.error} />
        </Card>
      )}
      <ErrorText error={error} />
      {!reports && !error && <Progress label="Đang tải các phiên bản…" />}
      {reports?.length === 0 && <p class="muted">Chưa có phiên bản nào của báo cáo kỳ này.</p>}
      {reports?.map((report) => <VersionCard report={report} props={props} profile={profile} onChanged={reload} />)}
    </div>
  );
}

function VersionCard({ report, props, profile, onChanged }: { report: Listed; props: PageProps; profile: SigningProfile; onChanged: () => Promise<void> }) {
  const { session } = props;
  const [state, setState] = useState<{ busy?: string; error?: ApiError | Error }>({});
  const { role } = session.caller;
  const leader = (LEADERS as readonly Role[]).includes(role);
  // The caller as the profile lists them among the signers; their own name (the identity's) first.
  const listed = profile.signers?.find((s) => s.userId === session.caller.id);
  const signer = listed && { ...listed, name: session.caller.name ?? listed.name };
  // A leader issues only where the profile names no clerk (CONTRACT §6).
  const issuer = (ISSUERS as readonly Role[]).includes(role) && !(role === 'leader' && (profile.clerks?.length ?? 0) > 0);
  const act = (action: ReviewAction, label: string, body?: ApiBodies[ReviewKey & keyof ApiBodies], recipient?: number) => async (event?: Event) => {
    event?.preventDefault();
    setState({ busy: label });
    try {
      const key: ReviewKey = `POST /v1/agencies/{agencyId}/periods/{periodId}/reports/{version}/${action}`;
      await api(session, key, { agencyId: props.agencyId, periodId: props.periodId, version: report.version, ...(recipient ? { recipient } : {}) } as RouteParams<ReviewKey>, { body } as Extras<ReviewKey>);
      setState({});
      await onChanged();
    } catch (e) {
      setState({ error: e as Error });
    }
  };
  const form = (event: Event) => new FormData(event.currentTarget as HTMLFormElement);
  const id = `v${report.version}`;
  const current = report.state;
  return (
    <Card title={`Phiên bản ${report.version}`} actions={<span class={`tag state-${current}`}>{STATE_NAMES[current]}</span>}>
      {report.number && <p>Số: {report.number}</p>}
      {report.provisional && <p class="muted">Tạm tính: kỳ báo cáo chưa kết thúc.</p>}
      <div class="row links">{report.downloads && <LinkList links={report.downloads} />}</div>
      {report.history && report.history.length > 0 && (
        <ol class="history" aria-label="Lịch sử">
          {report.history.map((h) => (
            <li>
              {when(h.at)} · {STATE_NAMES[h.state]} · {h.by}
              {h.comment && <> · “{h.comment}”</>}
            </li>
          ))}
        </ol>
      )}
      {current === 'draft' || current === 'returned'
        ? canWrite(session) && (
            <div class="row">
              <button type="button" class="primary" onClick={act('submit', 'Trình ký')} disabled={!!state.busy}>
                Trình ký
              </button>
            </div>
          )
        : null}
      {report.signed && <p>Người ký: {signerLine(report.signed.signer)}</p>}
      {current === 'submitted' && leader && (
        <div class="decide">
          <div class="sign">
            {signer ? (
              <p>Người ký: {signerLine(signer)}</p>
            ) : (
              <p class="muted">Hồ sơ cơ quan chưa ghi tài khoản này trong danh sách người ký (signers).</p>
            )}
            <button type="button" class="primary" onClick={act('sign', 'Ký số')} disabled={!!state.busy || !signer}>
              Ký số
            </button>
          </div>
          <form class="return-form" onSubmit={(e) => act('return', 'Trả lại', { comment: String(form(e).get('comment') ?? '').trim() })(e)}>
            <div class="field">
              <label for={`${id}-comment`}>Ý kiến khi trả lại</label>
              <textarea id={`${id}-comment`} name="comment" rows={2} required />
            </div>
            <button type="submit" disabled={!!state.busy}>
              Trả lại
            </button>
          </form>
        </div>
      )}
      {current === 'signed' && issuer && (
        <form
          class="issue-form"
          onSubmit={(e) => {
            const data = form(e);
            const issuedOn = String(data.get('issuedOn') ?? '');
            return act('issue', 'Cấp số và phát hành', { number: String(data.get('number') ?? '').trim(), ...(issuedOn ? { issuedOn } : {}) })(e);
          }}
        >
          <div class="field">
            <label for={`${id}-number`}>Số văn bản</label>
            <input id={`${id}-number`} name="number" placeholder={profile.symbol && `1015/BC-${profile.symbol}`} required />
          </div>
          <div class="field">
            <label for={`${id}-date`}>Ngày ban hành</label>
            <input id={`${id}-date`} name="issuedOn" type="date" value={localDate(Date.now())} />
          </div>
          <button type="submit" class="primary" disabled={!!state.busy}>
            Cấp số và phát hành
          </button>
        </form>
      )}
      {report.deliveries && report.deliveries.length > 0 && (
        <ul class="deliveries" aria-label="Gửi đến nơi nhận">
          {report.deliveries.map((d) => (
            <li data-delivery={`${d.channel}-${d.recipientNo}`}>
              {d.recipient} ({CHANNEL_NAMES[d.channel] ?? d.channel}): <span class={`tag delivery-${d.state}`}>{DELIVERY_STATE_NAMES[d.state] ?? d.state}</span> · {when(d.at)}
              {d.detail && (d.state === 'refused' || d.state === 'failed') && <> · {d.detail}</>}
              {(d.state === 'failed' || d.state === 'refused') && issuer && (
                <button type="button" onClick={act('deliveries/{recipient}/resend', 'Gửi lại', undefined, d.recipientNo)} disabled={!!state.busy}>
                  Gửi lại
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {state.busy && <Progress label={`${state.busy}…`} />}
      <ErrorText error={state.error ? messageOf(state.error) : undefined} />
    </Card>
  );
}
