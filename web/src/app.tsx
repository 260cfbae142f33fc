// The shell: who is signed in, the agency and period choosers (CONTRACT §7), the pages.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { WRITERS, type Role } from '#domain/access.ts';
import { parsePeriodId } from '#domain/periods.ts';
import { api, type Session } from './api.ts';
import { FiguresPage } from './figures.tsx';
import { NarrativePage, unsavedWork } from './narrative.tsx';
import { defaultPeriod, periodChoices, shortPeriodTitle } from './periods.ts';
import { ProvincePage } from './province.tsx';
import { ReportsPage } from './reports.tsx';
import { Progress } from './ui.tsx';
import { UploadsPage } from './uploads.tsx';

export interface PageProps {
  session: Session;
  agencyId: string;
  periodId: string;
}

const PAGES = [
  { hash: 'so-lieu', title: 'Số liệu', Page: FiguresPage, roles: null },
  { hash: 'thuyet-minh', title: 'Thuyết minh', Page: NarrativePage, roles: null },
  { hash: 'van-ban', title: 'Văn bản đính kèm', Page: UploadsPage, roles: null },
  { hash: 'bao-cao', title: 'Báo cáo', Page: ReportsPage, roles: null },
  { hash: 'toan-tinh', title: 'Toàn tỉnh', Page: ProvincePage, roles: ['province', 'admin'] as Role[] },
] as const;

const pageOf = (hash: string) => PAGES.find((p) => `#${p.hash}` === hash) ?? PAGES[0];

/**
 * The agencies this caller may choose: their own, and for the province and admins every agency with
 * a profile (the period's roll-up lists them). Undefined while the list is loading.
 */
function useAgencies(session: Session, periodId: string): string[] | undefined {
  const own = session.caller.agencyId;
  const everyAgency = session.caller.role === 'admin' || session.caller.role === 'province';
  const [agencies, setAgencies] = useState<string[] | undefined>(everyAgency ? undefined : own ? [own] : []);
  useEffect(() => {
    if (!everyAgency) return;
    api(session, 'GET /v1/periods/{periodId}/summary', { periodId }).then(
      (rollup) => setAgencies([...new Set([...(own ? [own] : []), ...rollup.agencies.map((a) => a.agencyId)])]),
      () => setAgencies(own ? [own] : []), // no roll-up: the own agency, if any
    );
  }, [session, periodId, everyAgency]);
  return agencies;
}

export function App({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const periods = useMemo(() => periodChoices(new Date()), []);
  const [periodId, setPeriodId] = useState(() => defaultPeriod(new Date()));
  const agencies = useAgencies(session, periodId);
  const [chosen, setAgencyId] = useState(session.caller.agencyId);
  const agencyId = chosen ?? agencies?.[0];
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const pages = PAGES.filter((p) => p.roles === null || p.roles.includes(session.caller.role));
  const page = pages.includes(pageOf(hash)) ? pageOf(hash) : PAGES[0];
  const guard = (change: () => void) => () => (!unsavedWork() || window.confirm('Có nội dung thuyết minh chưa lưu. Bỏ các thay đổi đó?')) && change();
  const Page = page.Page;
  return (
    <div class="shell">
      <header class="topbar">
        <span class="brand">Báo cáo CCHC</span>
        <span class="who">{session.label}</span>
        <button type="button" onClick={guard(onSignOut)}>
          Đăng xuất
        </button>
      </header>
      <div class="choosers">
        <label>
          Cơ quan
          <select value={agencyId} onChange={(e) => guard(() => setAgencyId(e.currentTarget.value))()}>
            {[...new Set([...(agencies ?? []), ...(agencyId ? [agencyId] : [])])].map((id) => (
              <option value={id}>{id}</option>
            ))}
          </select>
        </label>
        <label>
          Kỳ báo cáo
          <select value={periodId} onChange={(e) => guard(() => setPeriodId(e.currentTarget.value))()}>
            {periods.map((p) => (
              <option value={p.id}>
                {p.id} · {shortPeriodTitle(p)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <nav class="tabs" aria-label="Các trang">
        {pages.map((p) => (
          <a href={`#${p.hash}`} aria-current={p === page ? 'page' : undefined} onClick={(e) => unsavedWork() && !window.confirm('Có nội dung thuyết minh chưa lưu. Bỏ các thay đổi đó?') && e.preventDefault()}>
            {p.title}
          </a>
        ))}
      </nav>
      <main id="main" aria-label={page.title}>
        <h1 class="page-title">
          {page.title} <span class="muted">{agencyId && `· ${agencyId} `}· {shortPeriodTitle(parsePeriodId(periodId))}</span>
        </h1>
        {agencyId ? (
          <Page key={`${agencyId}/${periodId}`} session={session} agencyId={agencyId} periodId={periodId} />
        ) : page.Page === ProvincePage ? (
          <ProvincePage key={periodId} session={session} periodId={periodId} />
        ) : agencies ? (
          <p class="muted">Chưa có cơ quan nào được khai báo hồ sơ, nên chưa có số liệu để xem.</p>
        ) : (
          <Progress label="Đang tải danh sách cơ quan…" />
        )}
      </main>
    </div>
  );
}

/** True when the caller may change the agency's working data (sections, uploads, drafts). */
export const canWrite = (session: Session) => (WRITERS as readonly Role[]).includes(session.caller.role);
