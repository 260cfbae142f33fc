// `node --import tsx events/generate-signing-images.ts`: the sample agency's stand-in signing images,
// events/samples/signing/*.png — never a real person's signature nor a real seal (REPORT.md, "The
// signed and issued report"): the sample leader's handwritten signature (a blue scribble of the
// invented name "Trần Quốc Bảo") and the agency's round red seal (its name around the ring, a star in
// the middle). Both PNGs have a transparent background and come out byte-identical on every run:
// SVG drawn with fixed coordinates, rendered by resvg with only the Tinos files as fonts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FILES } from '#render/fonts.ts';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'samples', 'signing');
const fontFiles = [FONT_FILES.bold, FONT_FILES.regular].map((file) => createRequire(import.meta.url).resolve(`@expo-google-fonts/tinos/${file}`));

function png(svg: string): Buffer {
  return new Resvg(svg, { font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Tinos' }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

/** A fast, slanted signature in ballpoint blue: a looped capital, a run of small waves, a flourish under it. */
function leaderSignatureSvg(): string {
  const stroke = 'fill="none" stroke="#1a3fa8" stroke-linecap="round" stroke-linejoin="round"';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="240" viewBox="0 0 600 240">
  <path ${stroke} stroke-width="5" d="M70 150 C 60 70, 120 30, 150 60 C 175 85, 120 170, 95 185 C 80 195, 70 175, 95 160 C 140 130, 190 95, 205 120 C 215 140, 185 165, 200 160 C 230 150, 240 100, 255 110 C 268 120, 245 160, 262 158 C 285 155, 295 95, 315 105 C 330 115, 300 160, 322 157 C 350 152, 352 70, 380 55 C 402 45, 395 110, 370 150 C 360 168, 395 150, 410 135 C 430 118, 440 140, 455 128"/>
  <path ${stroke} stroke-width="4" d="M140 130 C 150 120, 170 118, 176 126"/>
  <path ${stroke} stroke-width="4.5" d="M60 200 C 160 180, 330 170, 520 150 C 545 147, 548 160, 520 166"/>
  <circle cx="470" cy="95" r="4" fill="#1a3fa8"/>
</svg>`;
}

/** The seal: a double outer ring, the agency's and the province's names around it, a five-pointed star inside. */
function agencySealSvg(agencyName: string, province: string): string {
  const red = '#d2141e';
  const star = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? 62 : 25;
    const a = (Math.PI / 5) * i - Math.PI / 2;
    return `${(250 + r * Math.cos(a)).toFixed(2)},${(250 + r * Math.sin(a)).toFixed(2)}`;
  }).join(' ');
  // Text runs clockwise along the top arc and counter-clockwise along the bottom one, so both read left to right.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500" viewBox="0 0 500 500">
  <defs>
    <path id="top" d="M 107.1 332.5 A 165 165 0 1 1 392.9 332.5"/>
    <path id="bottom" d="M 60 250 A 190 190 0 0 0 440 250"/>
  </defs>
  <g opacity="0.9">
    <circle cx="250" cy="250" r="236" fill="none" stroke="${red}" stroke-width="12"/>
    <circle cx="250" cy="250" r="222" fill="none" stroke="${red}" stroke-width="3"/>
    <circle cx="250" cy="250" r="128" fill="none" stroke="${red}" stroke-width="5"/>
    <text font-family="Tinos" font-weight="bold" font-size="33" fill="${red}" text-anchor="middle"><textPath href="#top" startOffset="50%">${agencyName}</textPath></text>
    <text font-family="Tinos" font-weight="bold" font-size="33" fill="${red}" text-anchor="middle" dominant-baseline="hanging"><textPath href="#bottom" startOffset="50%">${province}</textPath></text>
    <polygon points="${star}" fill="${red}"/>
  </g>
</svg>`;
}

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'skhcn-leader-signature.png'), png(leaderSignatureSvg()));
writeFileSync(join(OUT, 'skhcn-seal.png'), png(agencySealSvg('SỞ KHOA HỌC VÀ CÔNG NGHỆ', '• TỈNH QUẢNG NGÃI •')));
console.log(`wrote ${OUT}/skhcn-leader-signature.png and skhcn-seal.png`);
