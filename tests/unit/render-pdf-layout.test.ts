// The PDF's line breaking without pdfkit, measured with a fake font in which every character (code
// point) is half the font size wide.
import { describe, expect, it } from 'vitest';
import { LINE, breakLines, setLine, type LaidText, type Line, type Measure } from '#render/pdf-lines.ts';

const fake: Measure = (_font, size, text) => Array.from(text).length * size * 0.5;
const plain = (text: string, size = 10) => [{ text, font: 'regular' as const, size }];
const lineText = (line: Line) => line.words.map((w) => w.pieces.map((p) => p.text).join('')).join(' ');
const texts = (laid: LaidText) => laid.lines.map(lineText);

describe('PDF line breaking', () => {
  // size 10: 5 pt a character, 5 pt a space; 40 pt holds 8 characters
  it('fills each line with as many words as fit, the last line marked', () => {
    const laid = breakLines(fake, plain('aaa bbb ccc ddd eee'), { size: 10, width: 40, align: 'justify' });
    expect(texts(laid)).toEqual(['aaa bbb', 'ccc ddd', 'eee']);
    expect(laid.lines.map((l) => l.last)).toEqual([false, false, true]);
    expect(laid.lines.map((l) => l.width)).toEqual([35, 35, 15]);
    expect(laid.lineHeight).toBe(10 * LINE);
  });

  it('indents the first line only', () => {
    const laid = breakLines(fake, plain('aaa bbb ccc ddd eee'), { size: 10, width: 40, align: 'justify', firstIndent: 10 });
    expect(texts(laid)).toEqual(['aaa', 'bbb ccc', 'ddd eee']);
    expect(laid.lines.map((l) => l.indent)).toEqual([10, 0, 0]);
  });

  it('cuts a word wider than the line into pieces that fit, and goes on after it', () => {
    const laid = breakLines(fake, plain('go abcdefghijklmnopqrstuvwxyz end'), { size: 10, width: 40, align: 'left' });
    expect(texts(laid)).toEqual(['go', 'abcdefgh', 'ijklmnop', 'qrstuvwx', 'yz end']);
    for (const line of laid.lines) expect(line.width).toBeLessThanOrEqual(40);
  });

  it('breaks Vietnamese text between words and cuts a long word between whole letters, keeping NFC', () => {
    const sentence = 'Thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư của Sở Khoa học và Công nghệ'.normalize('NFC');
    const laid = breakLines(fake, plain(sentence), { size: 10, width: 70, align: 'justify' });
    expect(texts(laid)).toEqual(['Thực hiện Nghị', 'định số', '30/2020/NĐ-CP', 'về công tác', 'văn thư của Sở', 'Khoa học và', 'Công nghệ']);
    // each precomposed letter is one character of the font
    for (const line of laid.lines) expect(line.width).toBe(Array.from(lineText(line)).length * 5);

    const word = 'Chuyểnđổisốtoàndiệnhànhchínhđiệntử'.normalize('NFC');
    const cut = texts(breakLines(fake, plain(word), { size: 10, width: 40, align: 'left' }));
    expect(cut).toEqual(['Chuyểnđổ', 'isốtoànd', 'iệnhànhc', 'hínhđiện', 'tử']);
    expect(cut.join('')).toBe(word);
    for (const piece of cut) {
      expect(piece.normalize('NFC')).toBe(piece);
      expect(piece).not.toMatch(/^\p{M}/u);
    }
  });

  it('keeps words joined by no-break spaces on one line and draws those as spaces', () => {
    const laid = breakLines(fake, plain('Số:\u00A0\u00A0\u00A0/BC-SKHCN ngày'), { size: 10, width: 80, align: 'left' });
    expect(texts(laid)).toEqual(['Số:   /BC-SKHCN', 'ngày']);
    expect(laid.lines[0]!.width).toBe(15 * 5);
  });

  it('keeps a footnote reference with its word, raised and smaller, and records it on its line', () => {
    const laid = breakLines(fake, [...plain('năm 2023', 14), { note: 3, size: 14 }, ...plain('.', 14)], { size: 14, width: 400, align: 'justify' });
    expect(texts(laid)).toEqual(['năm 20233.']);
    expect(laid.lines[0]!.notes).toEqual([3]);
    const placed = setLine(fake, laid, laid.lines[0]!, 0, 100);
    expect(placed.runs.map((r) => r.text)).toEqual(['năm 2023', '3', '.']);
    const [text, mark, stop] = placed.runs;
    expect(mark!.size).toBeCloseTo(14 * 0.65);
    expect(mark!.y).toBeLessThan(text!.y);
    expect(stop!.y).toBe(text!.y);
    expect(mark!.x).toBe(text!.x + 8 * 7);
  });

  it('justifies all lines but the last by widening the spaces, and centres or right-aligns when asked', () => {
    const laid = breakLines(fake, plain('aa bbb cccc dd'), { size: 10, width: 50, align: 'justify' });
    expect(texts(laid)).toEqual(['aa bbb', 'cccc dd']);
    const [first, last] = laid.lines.map((l) => setLine(fake, laid, l, 100, 0).runs);
    // 50 pt less 25 pt of letters: the one space is 25 pt, 20 pt more than a plain space
    expect(first).toEqual([{ text: 'aa bbb', font: 'regular', size: 10, x: 100, y: 0, wordSpacing: 20 }]);
    expect(last![0]!.wordSpacing).toBe(0);
    const centred = breakLines(fake, plain('aa bb'), { size: 10, width: 60, align: 'center' });
    expect(setLine(fake, centred, centred.lines[0]!, 100, 0).runs[0]!.x).toBe(100 + (60 - 25) / 2);
    const right = breakLines(fake, plain('aa bb'), { size: 10, width: 60, align: 'right' });
    expect(setLine(fake, right, right.lines[0]!, 100, 0).runs[0]!.x).toBe(100 + 60 - 25);
  });
});
