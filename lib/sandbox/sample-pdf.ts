import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { SampleFile } from './catalog';
import { parseHexColor, shade } from './sample-art';

/**
 * The sample PDF: three pages, the first mostly its dominant colour with a
 * title. No metadata dates, so the bytes are the same on every run.
 */
function colorOf(hex: string) {
  const [r, g, b] = parseHexColor(hex);
  return rgb(r / 255, g / 255, b / 255);
}

export const SAMPLE_PDF_PAGES = 3;

export async function samplePdfBytes(file: SampleFile): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const { width, height } = file;
  const title = file.name.replace(/\.pdf$/i, '');
  const ink = colorOf(shade(file.dominantColor, -0.8));

  const cover = doc.addPage([width, height]);
  cover.drawRectangle({ x: 0, y: 0, width, height, color: colorOf(file.dominantColor) });
  cover.drawRectangle({ x: width * 0.1, y: height * 0.85, width: width * 0.8, height: height * 0.05, color: ink });
  cover.drawText(title, { x: width * 0.12, y: height * 0.865, size: 24, font: bold, color: colorOf(file.dominantColor) });
  cover.drawText('Easel sandbox sample', { x: width * 0.1, y: height * 0.8, size: 14, font: regular, color: ink });
  cover.drawRectangle({ x: width * 0.1, y: height * 0.15, width: width * 0.8, height: 2, color: ink });

  for (let page = 2; page <= SAMPLE_PDF_PAGES; page += 1) {
    const sheet = doc.addPage([width, height]);
    sheet.drawText(`${title}: page ${page}`, { x: 72, y: height - 96, size: 20, font: bold, color: ink });
    for (let line = 0; line < 12; line += 1) {
      sheet.drawText(`Plate ${(page - 2) * 12 + line + 1}. Study in colour and form.`, {
        x: 72,
        y: height - 140 - line * 22,
        size: 12,
        font: regular,
        color: ink,
      });
    }
  }
  return doc.save({ useObjectStreams: false });
}
