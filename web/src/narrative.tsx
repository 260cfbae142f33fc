// Narrative: one editor per section (CONTRACT §7 data-section), read back from GET …/sections,
// carried forward from the previous period, saved with `Lưu`, previewed as the report will read,
// with the attachments each section cites. Under the province's agency (level province), each
// editor also offers the paragraphs of the agencies' issued reports (`Chèn trích dẫn`, CONTRACT §8).
import { useEffect, useState } from 'preact/hooks';
import { citationsOf } from '#domain/attachment.ts';
import { parsePeriodId, previousPeriod } from '#domain/periods.ts';
import type { ApiAnswers } from '#functions/api-answers.ts';
import { citationText, type Citation } from '#domain/report/citations.ts';
import { citedExcerpt, type Excerpt } from '#domain/excerpts.ts';
import { REPORT_PARTS, SECTION_OUTLINE, parseParagraph, type SectionKey } from '#domain/sections.ts';
import { api, messageOf, type ApiError } from './api.ts';
import { canWrite, type PageProps } from './app.tsx';
import { Card, ErrorText, Progress } from './ui.tsx';

type Sections = ApiAnswers['GET /v1/agencies/{agencyId}/periods/{periodId}/sections'];

/** Editors with text not saved yet, for the warnings before leaving (page, tab, period, sign-out). */
const dirty = new Set<SectionKey>();
export const unsavedWork = () => dirty.size > 0;
window.addEventListener('beforeunload', (event) => {
  if (unsavedWork()) event.preventDefault();
});

export const sectionHeading = (key: SectionKey) => {
  const o = SECTION_OUTLINE[key];
  const part = REPORT_PARTS.find((p) => p.numeral === o.part)!;
  return `${o.position}. ${o.title ?? part.title ?? 'Phương hướng, nhiệm vụ kỳ tới'}`;
};

const toLines = (paragraphs: string[] | undefined) => (paragraphs ?? []).join('\n');
const toParagraphs = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

export function NarrativePage(props: PageProps) {
  const { session, agencyId, periodId } = props;
  const [stored, setStored] = useState<Sections>();
  const [texts, setTexts] = useState<Partial<Record<SectionKey, string>>>({});
  const [citations, setCitations] = useState<Citation[]>([]);
  const [error, setError] = useState<string>();
  const [carry, setCarry] = useState<{ busy?: boolean; message?: string; error?: string }>({});
  const [province, setProvince] = useState(false);
  /** The agency reports the province's text cites (from the excerpts taken in), for the preview's footnotes. */
  const [cited, setCited] = useState<Excerpt[]>([]);
  const previous = previousPeriod(parsePeriodId(periodId));
  useEffect(() => {
    dirty.clear();
    // Only the province's own report takes excerpts; a caller who may not read the profile sees no picker.
    api(session, 'GET /v1/agencies/{agencyId}', { agencyId }).then((p) => setProvince(p.level === 'province'), () => setProvince(false));
    Promise.all([
      api(session, 'GET /v1/agencies/{agencyId}/periods/{periodId}/sections', { agencyId, periodId }),
      api(session, 'GET /v1/agencies/{agencyId}/periods/{periodId}/uploads', { agencyId, periodId }),
    ]).then(([sections, uploads]) => {
      setStored(sections);
      setTexts(Object.fromEntries(Object.entries(sections.sections).map(([k, p]) => [k, toLines(p)])));
      setCitations(citationsOf(uploads.uploads));
    }, (e: unknown) => setError(messageOf(e)));
    return () => dirty.clear();
  }, []);
  if (error) return <ErrorText error={error} />;
  if (!stored) return <Progress label="Đang tải thuyết minh…" />;

  const edit = (key: SectionKey, text: string) => {
    if (text === toLines(stored.sections[key])) dirty.delete(key);
    else dirty.add(key);
    setTexts((t) => ({ ...t, [key]: text }));
  };
  const carryForward = async () => {
    setCarry({ busy: true });
    try {
      const earlier = await api(session, 'GET /v1/agencies/{agencyId}/periods/{periodId}/sections', { agencyId, periodId }, { query: { from: previous } });
      const filled = (Object.entries(earlier.sections) as Array<[SectionKey, string[]]>).filter(([key]) => !(texts[key] ?? '').trim());
      for (const [key, paragraphs] of filled) edit(key, toLines(paragraphs));
      setCarry({
        message:
          filled.length === 0
            ? `Kỳ ${previous} không có mục nào để chép sang mục còn trống.`
            : `Đã chép ${filled.length} mục từ kỳ ${previous} vào các mục còn trống. Xem lại rồi bấm Lưu từng mục.`,
      });
    } catch (e) {
      setCarry({ error: messageOf(e) });
    }
  };
  const writable = canWrite(session);
  return (
    <div class="stack">
      <Card title="Cách soạn">
        <p class="muted">
          Mỗi dòng là một đoạn. <code>### </code> đầu dòng: tiêu đề nhỏ; <code>- </code> hoặc <code>+ </code>: gạch đầu dòng; <code>**đậm**</code>, <code>*nghiêng*</code>;{' '}
          <code>{'{{cite:2170/KH-SKHCN}}'}</code>: chú thích văn bản đính kèm.
        </p>
        {writable && previous && (
          <div class="row">
            <button type="button" onClick={carryForward} disabled={carry.busy}>
              Chép nội dung kỳ trước ({previous})
            </button>
            {carry.busy && <Progress label="Đang chép…" />}
            {carry.message && <p role="status">{carry.message}</p>}
            <ErrorText error={carry.error} />
          </div>
        )}
      </Card>
      {REPORT_PARTS.flatMap((p) => p.sections).map((key) => (
        <SectionEditor
          key={key}
          props={props}
          sectionKey={key}
          text={texts[key] ?? ''}
          writable={writable}
          citations={citations.filter((c) => c.sectionKey === key)}
          excerpts={province && writable}
          cited={cited}
          onEdit={(text) => edit(key, text)}
          onExcerpt={(excerpt) => {
            const paragraph = citedExcerpt(excerpt);
            const current = texts[key] ?? '';
            edit(key, current.trim() ? `${current.replace(/\n+$/, '')}\n${paragraph}` : paragraph);
            setCited((c) => (c.some((e) => e.number === excerpt.number) ? c : [...c, excerpt]));
          }}
          onSaved={(paragraphs) => {
            setStored((s) => s && { ...s, sections: { ...s.sections, [key]: paragraphs } });
            setTexts((t) => ({ ...t, [key]: toLines(paragraphs) }));
            dirty.delete(key);
          }}
        />
      ))}
    </div>
  );
}

function SectionEditor({
  props,
  sectionKey,
  text,
  writable,
  citations,
  excerpts,
  cited,
  onEdit,
  onExcerpt,
  onSaved,
}: {
  props: PageProps;
  sectionKey: SectionKey;
  text: string;
  writable: boolean;
  citations: Citation[];
  /** offer the agencies' issued paragraphs (the province's own report) */
  excerpts: boolean;
  cited: Excerpt[];
  onEdit: (text: string) => void;
  onExcerpt: (excerpt: Excerpt) => void;
  onSaved: (paragraphs: string[]) => void;
}) {
  const [state, setState] = useState<{ busy?: boolean; saved?: boolean; error?: ApiError | string }>({});
  const [preview, setPreview] = useState(false);
  const id = `section-${sectionKey}`;
  const save = async () => {
    setState({ busy: true });
    try {
      const stored = await api(props.session, 'PUT /v1/agencies/{agencyId}/periods/{periodId}/sections/{sectionKey}', { ...props, sectionKey }, { body: { paragraphs: toParagraphs(text) } });
      onSaved(stored.paragraphs);
      setState({ saved: true });
    } catch (e) {
      // The server names the paragraph at fault (paragraphs[3]): say which line that is.
      const detail = (e as ApiError).details?.[0];
      const line = detail && /^paragraphs\[(\d+)\]$/.exec(detail.path);
      setState({ error: line ? `Dòng ${Number(line[1]) + 1}: ${detail.message}` : messageOf(e) });
    }
  };
  const isDirty = dirty.has(sectionKey);
  return (
    <section class="card section-editor" data-section={sectionKey} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{sectionHeading(sectionKey)}</h2>
      <label for={id}>Nội dung (mỗi dòng một đoạn)</label>
      <textarea id={id} rows={Math.min(14, Math.max(4, text.split('\n').length + 1))} value={text} readOnly={!writable} onInput={(e) => onEdit(e.currentTarget.value)} aria-describedby={`${id}-status`} />
      <div class="row">
        {writable && (
          <button type="button" class="primary" onClick={save} disabled={state.busy}>
            Lưu
          </button>
        )}
        <button type="button" aria-expanded={preview} aria-controls={`${id}-preview`} onClick={() => setPreview(!preview)}>
          {preview ? 'Ẩn xem trước' : 'Xem trước'}
        </button>
        <span id={`${id}-status`} class="muted" role="status">
          {state.busy ? 'Đang lưu…' : isDirty ? 'Có thay đổi chưa lưu' : state.saved ? 'Đã lưu' : ''}
        </span>
      </div>
      <ErrorText error={typeof state.error === 'string' ? state.error : state.error?.message} />
      {excerpts && <ExcerptPicker props={props} sectionKey={sectionKey} onChoose={onExcerpt} />}
      {preview && <Preview id={`${id}-preview`} text={text} citations={citations} cited={cited} />}
      <Attachments citations={citations} text={text} />
    </section>
  );
}

/** The section as the report will read: sub-headings, lists, emphasis, footnote marks. */
function Preview({ id, text, citations, cited }: { id: string; text: string; citations: Citation[]; cited: Excerpt[] }) {
  const notes: string[] = [];
  const mark = (number: string) => {
    const attached = citations.find((c) => c.number === number);
    const report = cited.find((e) => e.number === number);
    notes.push(attached ? citationText(attached) : report ? `Báo cáo số ${report.number} của ${report.name}.` : `Chưa có văn bản đính kèm số ${number} được chấp nhận trong kỳ.`);
    return <sup class={attached || report ? 'fn' : 'fn missing'}>{notes.length}</sup>;
  };
  const blocks = toParagraphs(text).map((paragraph) => {
    const parsed = parseParagraph(paragraph);
    const inline = parsed.tokens.map((t) => {
      if (t.kind === 'cite') return mark(t.number);
      if (t.kind === 'data') return <span class="placeholder">[số liệu tự động: {t.placeholder === 'one-stop-results' ? 'kết quả một cửa' : 'văn bản ban hành'}]</span>;
      if (t.kind === 'unknown') return <span class="placeholder missing">{t.raw}</span>;
      const content = t.bold ? <strong>{t.text}</strong> : t.text;
      return t.italic ? <em>{content}</em> : content;
    });
    return parsed.role === 'heading' ? <h3>{inline}</h3> : parsed.role === 'list' ? <p class="list-line">{inline}</p> : <p>{inline}</p>;
  });
  return (
    <div id={id} class="preview" aria-label="Xem trước">
      {blocks.length === 0 ? <p class="muted">(Chưa có nội dung)</p> : blocks}
      {notes.length > 0 && (
        <ol class="footnotes">
          {notes.map((n) => (
            <li>{n}</li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The accepted attachments of this section (their reform area) and whether the text cites them yet. */
function Attachments({ citations, text }: { citations: Citation[]; text: string }) {
  if (citations.length === 0) return null;
  return (
    <div class="attachments">
      <h3>Văn bản đính kèm của mục này</h3>
      <ul>
        {citations.map((c) => (
          <li>
            {citationText(c)}{' '}
            <span class={text.includes(`{{cite:${c.number}}}`) ? 'tag ok' : 'tag'}>{text.includes(`{{cite:${c.number}}}`) ? 'đã trích dẫn' : `chưa trích dẫn: {{cite:${c.number}}}`}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The province's excerpt picker: the paragraphs of this section in the agencies' issued reports of
 * the period (GET /v1/periods/{periodId}/excerpts), each with its agency and report number; choosing
 * one appends it to the text with its citation, to be saved with `Lưu`.
 */
function ExcerptPicker({ props, sectionKey, onChoose }: { props: PageProps; sectionKey: SectionKey; onChoose: (excerpt: Excerpt) => void }) {
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<{ excerpts?: Excerpt[]; error?: string }>({});
  const [chosen, setChosen] = useState<string>();
  const id = `excerpts-${sectionKey}`;
  const toggle = () => {
    setOpen(!open);
    if (open || list.excerpts) return;
    api(props.session, 'GET /v1/periods/{periodId}/excerpts', { periodId: props.periodId }, { query: { section: sectionKey } }).then(
      (excerpts) => setList({ excerpts }),
      (e: unknown) => setList({ error: messageOf(e) }),
    );
  };
  return (
    <div class="excerpts">
      <button type="button" aria-expanded={open} aria-controls={id} onClick={toggle}>
        Chèn trích dẫn
      </button>
      {open && (
        <div id={id} role="region" aria-label={`Trích dẫn từ báo cáo đã phát hành: ${sectionHeading(sectionKey)}`}>
          <ErrorText error={list.error} />
          {!list.excerpts && !list.error && <Progress label="Đang tải các đoạn trích…" />}
          {list.excerpts?.length === 0 && <p class="muted">Chưa có báo cáo đã phát hành nào của các cơ quan có nội dung ở mục này.</p>}
          {list.excerpts && list.excerpts.length > 0 && (
            <ul class="excerpt-list">
              {list.excerpts.map((e, i) => (
                <li>
                  <p class="muted">
                    {e.name} — Báo cáo số {e.number}
                  </p>
                  <p>{e.text}</p>
                  <button
                    type="button"
                    aria-label={`Chèn đoạn ${i + 1} của ${e.name} (báo cáo số ${e.number})`}
                    onClick={() => {
                      onChoose(e);
                      setChosen(`Đã chèn đoạn của ${e.name} vào cuối mục, kèm chú thích báo cáo số ${e.number}. Bấm Lưu để lưu.`);
                    }}
                  >
                    Chèn
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p role="status" class="muted">
            {chosen ?? ''}
          </p>
        </div>
      )}
    </div>
  );
}
