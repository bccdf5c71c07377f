import type { RepresentationSpec } from './content-layout';

/**
 * Box's `X-Rep-Hints` header: bracketed groups, each a comma list of
 * alternatives, e.g. `[pdf][jpg?dimensions=2048x2048,png?dimensions=2048x2048]`.
 * Each group yields the first alternative the file has; groups the file
 * can't satisfy yield nothing.
 */
export interface RepHint {
  representation: string;
  dimensions?: string;
}

export function parseRepHints(header: string | undefined): RepHint[][] | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const groups: RepHint[][] = [];
  for (const match of header.matchAll(/\[([^\]]*)\]/g)) {
    const alternatives = match[1]!
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part): RepHint => {
        const [name = '', query = ''] = part.split('?', 2);
        const dimensions = new URLSearchParams(query).get('dimensions') ?? undefined;
        return { representation: name.toLowerCase(), dimensions };
      });
    if (alternatives.length > 0) groups.push(alternatives);
  }
  return groups;
}

function matches(rep: RepresentationSpec, hint: RepHint): boolean {
  return rep.representation === hint.representation && (!hint.dimensions || rep.dimensions === hint.dimensions);
}

/** No header: every representation; otherwise the hinted ones, without duplicates. */
export function selectRepresentations(
  available: readonly RepresentationSpec[],
  hints: RepHint[][] | undefined,
): RepresentationSpec[] {
  if (!hints) return [...available];
  const chosen = new Map<string, RepresentationSpec>();
  for (const group of hints) {
    for (const hint of group) {
      const rep = available.find((candidate) => matches(candidate, hint));
      if (rep) {
        chosen.set(rep.key, rep);
        break;
      }
    }
  }
  return [...chosen.values()];
}
