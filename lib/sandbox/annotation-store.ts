import type { IssuedToken } from './state';

/**
 * The sandbox's annotations, in memory only (cleared on reset). Point
 * annotations as Box's annotations API models them: a comment pinned at x/y
 * (percent of the page's width/height) on a page of one file version.
 */
export interface PointTarget {
  type: 'point';
  location: { type: 'page'; value: number };
  x: number;
  y: number;
}

export interface Author {
  /** Who may edit: `actor:<id>` for an annotator token, else `<subject type>:<id>`. */
  key: string;
  user: { type: 'user'; id: string; name: string; login: string };
}

export interface Annotation {
  id: string;
  fileId: string;
  fileVersionId: string;
  message: string;
  target: PointTarget;
  author: Author;
  createdAt: string;
  modifiedAt: string;
}

/** The author of whatever a token creates: its actor (annotator token) if any, else its subject. */
export function authorOf(token: IssuedToken): Author {
  if (token.actor) {
    return {
      key: `actor:${token.actor.id}`,
      user: { type: 'user', id: token.actor.id, name: token.actor.name, login: '' },
    };
  }
  const { type, id } = token.subject;
  return {
    key: `${type}:${id}`,
    user: { type: 'user', id, name: type === 'enterprise' ? 'Easel Service Account' : 'Sandbox User', login: '' },
  };
}

/** Keeps a runaway client from filling the sandbox's memory. */
const MAX_ANNOTATIONS_PER_FILE = 500;

export class AnnotationStore {
  private readonly byId = new Map<string, Annotation>();
  private nextId = 700001;

  constructor(private readonly now: () => number = Date.now) {}

  private timestamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  list(fileId: string, fileVersionId?: string): Annotation[] {
    return [...this.byId.values()].filter(
      (a) => a.fileId === fileId && (fileVersionId === undefined || a.fileVersionId === fileVersionId),
    );
  }

  get(id: string): Annotation | undefined {
    return this.byId.get(id);
  }

  /** Undefined when the file already holds the maximum. */
  create(input: Omit<Annotation, 'id' | 'createdAt' | 'modifiedAt'>): Annotation | undefined {
    if (this.list(input.fileId).length >= MAX_ANNOTATIONS_PER_FILE) return undefined;
    const at = this.timestamp();
    const annotation: Annotation = { ...input, id: String(this.nextId++), createdAt: at, modifiedAt: at };
    this.byId.set(annotation.id, annotation);
    return annotation;
  }

  update(id: string, patch: { message?: string; target?: PointTarget }): Annotation | undefined {
    const annotation = this.byId.get(id);
    if (!annotation) return undefined;
    if (patch.message !== undefined) annotation.message = patch.message;
    if (patch.target !== undefined) annotation.target = patch.target;
    annotation.modifiedAt = this.timestamp();
    return annotation;
  }

  delete(id: string): boolean {
    return this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
  }
}
