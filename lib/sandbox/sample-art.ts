import type { SampleFile } from './catalog';
import { seededRandom } from './seeded-random';

/**
 * Draws a sample artwork as SVG. The middle of every picture is its plain
 * dominant colour (tests look for it in rendered pixels); shapes and a
 * gradient band keep to the edges so it still looks like a picture.
 */

type Rgb = [number, number, number];

export function parseHexColor(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Mixes toward white (amount > 0) or black (amount < 0). */
export function shade(hex: string, amount: number): string {
  const target = amount >= 0 ? 255 : 0;
  const t = Math.abs(amount);
  return toHex(parseHexColor(hex).map((c) => c + (target - c) * t) as Rgb);
}

/** A point in one of the four border strips (outer 22% of either axis). */
function edgePoint(random: () => number, width: number, height: number): [number, number] {
  const strip = 0.22;
  const along = random();
  const across = random() * strip;
  switch (Math.floor(random() * 4)) {
    case 0:
      return [along * width, across * height];
    case 1:
      return [along * width, (1 - across) * height];
    case 2:
      return [across * width, along * height];
    default:
      return [(1 - across) * width, along * height];
  }
}

export function artworkSvg(file: Pick<SampleFile, 'id' | 'width' | 'height' | 'dominantColor'>): string {
  const { width, height, dominantColor: base } = file;
  const random = seededRandom(Number(file.id) * 2654435761);
  const unit = Math.min(width, height);
  const palette = [shade(base, 0.35), shade(base, -0.35), shade(base, 0.6), shade(base, -0.55)];
  const shapes: string[] = [];
  for (let i = 0; i < 9; i += 1) {
    const [x, y] = edgePoint(random, width, height);
    const fill = palette[i % palette.length]!;
    const size = unit * (0.04 + random() * 0.07);
    if (i % 3 === 0) {
      shapes.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${size.toFixed(1)}" fill="${fill}" fill-opacity="0.85"/>`);
    } else if (i % 3 === 1) {
      const angle = Math.round(random() * 90);
      shapes.push(
        `<rect x="${(x - size).toFixed(1)}" y="${(y - size / 2).toFixed(1)}" width="${(size * 2).toFixed(1)}" height="${size.toFixed(1)}" fill="${fill}" transform="rotate(${angle} ${x.toFixed(1)} ${y.toFixed(1)})"/>`,
      );
    } else {
      const points = [0, 1, 2]
        .map((k) => {
          const a = (k * 2 * Math.PI) / 3 + random();
          return `${(x + Math.cos(a) * size).toFixed(1)},${(y + Math.sin(a) * size).toFixed(1)}`;
        })
        .join(' ');
      shapes.push(`<polygon points="${points}" fill="${fill}"/>`);
    }
  }
  const band = height * 0.1;
  const stroke = Math.max(2, unit * 0.006);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs><linearGradient id="band" x1="0" y1="0" x2="1" y2="0">',
    `<stop offset="0" stop-color="${shade(base, -0.45)}"/><stop offset="0.5" stop-color="${shade(base, 0.25)}"/><stop offset="1" stop-color="${shade(base, -0.2)}"/>`,
    '</linearGradient></defs>',
    `<rect width="${width}" height="${height}" fill="${base}"/>`,
    `<rect y="${(height - band).toFixed(1)}" width="${width}" height="${band.toFixed(1)}" fill="url(#band)"/>`,
    `<path d="M0 ${(height * 0.12).toFixed(1)} Q ${(width * 0.5).toFixed(1)} ${(height * 0.02).toFixed(1)} ${width} ${(height * 0.14).toFixed(1)}" stroke="${shade(base, 0.5)}" stroke-width="${stroke.toFixed(1)}" fill="none"/>`,
    ...shapes,
    '</svg>',
  ].join('');
}

/** A raster stand-in for the PDF's first page (thumbnails), no PDF rasteriser needed. */
export function pdfCoverSvg(file: Pick<SampleFile, 'width' | 'height' | 'dominantColor'>): string {
  const { width, height, dominantColor: base } = file;
  const ink = shade(base, -0.8);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${base}"/>`,
    `<rect x="${width * 0.1}" y="${height * 0.1}" width="${width * 0.8}" height="${height * 0.05}" fill="${ink}"/>`,
    `<rect x="${width * 0.1}" y="${height * 0.18}" width="${width * 0.5}" height="${height * 0.02}" fill="${shade(base, -0.5)}"/>`,
    `<rect x="${width * 0.1}" y="${height * 0.85}" width="${width * 0.8}" height="${height * 0.004}" fill="${ink}"/>`,
    '</svg>',
  ].join('');
}
