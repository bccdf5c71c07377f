/**
 * A tagged template for mail HTML: every interpolated value is escaped unless
 * it is already `SafeHtml` (built by this template). Attribute values are
 * always quoted in the templates, and quotes are escaped, so a value can't
 * leave its attribute either.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Marks trusted markup (only pass output of `html`). */
export const safe = (markup: string): SafeHtml => new SafeHtml(markup);

export function html(strings: TemplateStringsArray, ...values: Array<string | number | SafeHtml>): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += value instanceof SafeHtml ? value.value : escapeHtml(String(value));
    out += strings[index + 1] ?? '';
  });
  return new SafeHtml(out);
}
