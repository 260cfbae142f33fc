// The documentation holds together: every relative link and image of README.md and docs/**/*.md
// reaches a file (and a heading, when it names one, slugged as GitHub does); the user guide's
// images exist and are the ones `npm run screenshots` writes; the README stays one screen that
// opens with the two set-up commands; the integrator's guide shows every event type with an event
// of docs/examples/events.jsonl, each valid per the contract's schema.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { eventBatch } from '#events/event.schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const markdown = new MarkdownIt();
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

/** Every token of a document, inline children included. */
function tokens(path: string): Token[] {
  return markdown.parse(read(path), {}).flatMap((t) => [t, ...(t.children ?? [])]);
}

const headingAnchors = new Map<string, Set<string>>();
/** The anchors GitHub gives the document's headings. */
function anchors(path: string): Set<string> {
  const known = headingAnchors.get(path);
  if (known) return known;
  const slugger = new GithubSlugger();
  const all = markdown.parse(read(path), {});
  const found = new Set(
    all.flatMap((t, i) => (t.type === 'heading_open' ? [slugger.slug(all[i + 1]!.children!.filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join(''))] : [])),
  );
  headingAnchors.set(path, found);
  return found;
}

/** The relative targets of a document's links and images, as written (decoded), with where each points. */
function relativeTargets(path: string): Array<{ target: string; file: string; anchor?: string; image: boolean }> {
  return tokens(path).flatMap((t) => {
    const raw = String((t.type === 'link_open' ? t.attrGet('href') : t.type === 'image' ? t.attrGet('src') : null) ?? '');
    if (raw === '' || /^[a-z][a-z0-9+.-]*:/i.test(raw)) return [];
    const target = decodeURIComponent(raw);
    const [file, anchor] = target.split('#') as [string, string | undefined];
    return [{ target, file: file === '' ? path : join(dirname(path), file), anchor, image: t.type === 'image' }];
  });
}

describe('links and images', () => {
  it.each(FILES)('every relative link and image of %s resolves', (path) => {
    const broken = relativeTargets(path).filter(({ file, anchor }) => {
      if (!existsSync(join(ROOT, file))) return true;
      return anchor !== undefined && file.endsWith('.md') && !anchors(file).has(anchor);
    });
    expect(broken.map((b) => b.target)).toEqual([]);
  });

  it('sees the anchors as GitHub makes them, Vietnamese included', () => {
    expect(relativeTargets('docs/huong-dan-su-dung.md').filter((t) => t.anchor !== undefined).length).toBeGreaterThan(10);
    expect(anchors('docs/huong-dan-su-dung.md')).toContain('4-đọc-số-liệu-trang-số-liệu');
  });
});

describe('the user guide (docs/huong-dan-su-dung.md)', () => {
  const images = relativeTargets('docs/huong-dan-su-dung.md').filter((t) => t.image);
  const script = read('scripts/screenshots.ts');

  it('shows the console: sign-in, every page, the staff, leader and province views', () => {
    expect(images.map((i) => relative('docs/images', i.file)).sort()).toEqual(
      ['bao-cao-can-bo.png', 'bao-cao-lanh-dao.png', 'bao-cao-van-thu.png', 'dang-nhap.png', 'so-lieu.png', 'thuyet-minh.png', 'toan-tinh.png', 'trich-dan-tinh.png', 'van-ban.png'],
    );
  });

  it.each(images.map((i) => i.file))('%s is a PNG that npm run screenshots writes', (file) => {
    const bytes = readFileSync(join(ROOT, file));
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(statSync(join(ROOT, file)).size).toBeLessThan(400_000);
    expect(script).toContain(`'${relative('docs/images', file).replace(/\.png$/, '')}'`);
  });

  it('and the integrator\'s guide link the OpenAPI document', () => {
    for (const guide of ['docs/huong-dan-su-dung.md', 'docs/integration.md']) {
      expect(relativeTargets(guide).map((t) => t.file)).toContain('docs/openapi.json');
    }
  });
});

describe('the README', () => {
  const lines = read('README.md').split('\n');

  it('fits on about one screen', () => {
    expect(lines.length).toBeLessThanOrEqual(100);
  });

  it('opens with the two set-up commands', () => {
    const opening = lines.slice(0, 40).join('\n');
    expect(opening).toContain('npm ci && npm start');
    expect(opening).toContain('npm ci && npm test');
  });
});

describe("the integrator's guide's events (docs/examples/events.jsonl)", () => {
  const events = read('docs/examples/events.jsonl').trim().split('\n').map((line) => JSON.parse(line) as { type: string });
  const shown = tokens('docs/integration.md')
    .filter((t) => t.type === 'fence' && t.info === 'json')
    .map((t) => JSON.parse(t.content) as { type?: string })
    .filter((block) => typeof block.type === 'string');

  it('are one batch the contract accepts', () => {
    expect(eventBatch.safeParse({ events }).error).toBeUndefined();
  });

  it('are shown in full in the guide, one of every type at least, as the examples send them', () => {
    for (const block of shown) expect(events).toContainEqual(block);
    expect(new Set(shown.map((b) => b.type))).toEqual(new Set(['dossier.received', 'dossier.rescheduled', 'dossier.resolved', 'dossier.withdrawn', 'dossier.returned', 'document.issued']));
  });
});
