import type { BoxApi } from '../box-api';
import { el } from '../dom';
import type { Emitter } from '../emitter';
import type { BoxFile } from '../types';
import type { Viewer } from '../viewers/viewer';
import { createAnnotation, deleteAnnotation, listAnnotations, type PointAnnotation } from './annotations-api';
import { Popover } from './annotation-popover';

const MAX_MESSAGE_LENGTH = 10_000;

export interface AnnotationControllerOptions {
  root: HTMLElement;
  viewer: Viewer;
  api: BoxApi;
  file: BoxFile;
  /** Only roles with annotation_edit get these controls. */
  canCreate: boolean;
  announce: (message: string) => void;
  onModeChange: (annotating: boolean) => void;
  /**
   * The annotator ContentPreview listens to (box-annotations' event names):
   * `annotations_create` / `annotations_delete` with `{ annotation, meta: { status, requestId } }`,
   * `pending` when sent and `success` once Box answered.
   */
  events?: Emitter;
}

let requestCount = 0;

function percent(value: number): number {
  return Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;
}

function describeError(error: unknown): string {
  const status = (error as { status?: number }).status;
  if (status === 403) return "You don't have permission to do that.";
  if (status === 401) return 'Your access expired. Try again in a moment.';
  return 'Something went wrong. Try again.';
}

/** Point annotations: pins on each page, a comment form to add one, details with delete. */
export class AnnotationController {
  private annotations: PointAnnotation[] = [];
  private annotating = false;
  private popover: Popover | undefined;
  private draftPin: HTMLElement | undefined;

  constructor(private readonly options: AnnotationControllerOptions) {
    options.viewer.onLayersChanged(() => this.render());
    options.viewer.onZoom(() => this.closePopover());
    options.root.addEventListener('click', this.onClick);
    options.root.addEventListener('keydown', this.onLayerKeydown);
  }

  async load(): Promise<void> {
    this.annotations = await listAnnotations(this.options.api, this.options.file);
    this.render();
    this.openLinkedAnnotation();
  }

  /** A page opened at `#annotation-<id>` (e.g. from the editor's feedback list) shows that comment. */
  private openLinkedAnnotation(): void {
    const match = /^#annotation-(\d{1,20})$/.exec(window.location.hash);
    if (!match) return;
    const pin = this.options.root.querySelector<HTMLElement>(`.bp-pin[data-annotation-id="${match[1]}"]`);
    const annotation = this.annotations.find((candidate) => candidate.id === match[1]);
    if (!pin || !annotation) return;
    pin.scrollIntoView({ block: 'center', inline: 'center' });
    this.openDetails(annotation, pin);
  }

  isAnnotating(): boolean {
    return this.annotating;
  }

  setAnnotating(annotating: boolean): void {
    if (!this.options.canCreate) return;
    this.annotating = annotating;
    this.closePopover();
    this.options.root.classList.toggle('bp-is-annotating', annotating);
    this.options.root.querySelector('.bp-stage')?.classList.toggle('bp-is-annotating', annotating);
    const layers = this.options.viewer.pageLayers();
    const layerHadFocus = layers.some(({ layer }) => layer === document.activeElement);
    for (const { layer } of layers) {
      // Only while placing a comment is the layer a control (a name on a plain div is not
      // allowed); `application`, not `button`, since the comment pins inside it are buttons.
      if (annotating) {
        layer.setAttribute('tabindex', '0');
        layer.setAttribute('role', 'application');
        layer.setAttribute('aria-label', 'Place a comment: click, or press Enter for the middle of the view');
      } else {
        for (const name of ['tabindex', 'role', 'aria-label']) layer.removeAttribute(name);
      }
    }
    if (annotating) layers[0]?.layer.focus({ preventScroll: true });
    else if (layerHadFocus) this.focusStage();
    this.options.announce(annotating ? 'Click where you want to comment, or press Enter. Escape cancels.' : '');
    this.options.onModeChange(annotating);
  }

  /** Escape closes a popover first, then leaves comment mode. */
  onEscape(): boolean {
    if (this.popover) {
      this.closePopover();
      if (document.activeElement === document.body || !document.activeElement) this.focusStage();
      return true;
    }
    if (this.annotating) {
      this.setAnnotating(false);
      return true;
    }
    return false;
  }

  destroy(): void {
    this.closePopover();
    this.options.root.removeEventListener('click', this.onClick);
    this.options.root.removeEventListener('keydown', this.onLayerKeydown);
  }

  private render(): void {
    for (const { page, layer } of this.options.viewer.pageLayers()) {
      for (const pin of layer.querySelectorAll('.bp-pin:not(.bp-pin-draft)')) pin.remove();
      this.annotations
        .map((annotation, index) => ({ annotation, index }))
        .filter(({ annotation }) => annotation.page === page)
        .forEach(({ annotation, index }) => layer.append(this.pinFor(annotation, index + 1)));
    }
  }

  private pinFor(annotation: PointAnnotation, number: number): HTMLButtonElement {
    const pin = el(
      'button',
      {
        type: 'button',
        class: 'bp-pin',
        'data-annotation-id': annotation.id,
        'aria-label': `Comment ${number} by ${annotation.authorName}: ${annotation.message}`,
        style: `left:${annotation.x}%;top:${annotation.y}%`,
      },
      [el('span', { 'aria-hidden': 'true' }, [String(number)])],
    );
    pin.addEventListener('click', (event) => {
      event.stopPropagation();
      this.openDetails(annotation, pin);
    });
    return pin;
  }

  private readonly onClick = (event: MouseEvent) => {
    const target = event.target as Element;
    if (this.popover?.contains(target)) return;
    if (this.annotating) {
      const layer = target.closest<HTMLElement>('.bp-layer');
      if (layer && !target.closest('.bp-pin')) {
        const rect = layer.getBoundingClientRect();
        this.openDraft(layer, percent(((event.clientX - rect.left) / rect.width) * 100), percent(((event.clientY - rect.top) / rect.height) * 100));
        return;
      }
    }
    if (!target.closest('.bp-pin')) this.closePopover();
  };

  private readonly onLayerKeydown = (event: KeyboardEvent) => {
    const layer = event.target as HTMLElement;
    if (!this.annotating || event.key !== 'Enter' || !layer.classList.contains('bp-layer')) return;
    event.preventDefault();
    event.stopPropagation();
    const rect = layer.getBoundingClientRect();
    const stage = this.options.root.querySelector('.bp-stage')?.getBoundingClientRect() ?? rect;
    const centerX = (Math.max(rect.left, stage.left) + Math.min(rect.right, stage.right)) / 2;
    const centerY = (Math.max(rect.top, stage.top) + Math.min(rect.bottom, stage.bottom)) / 2;
    this.openDraft(layer, percent(((centerX - rect.left) / rect.width) * 100), percent(((centerY - rect.top) / rect.height) * 100));
  };

  private openDraft(layer: HTMLElement, x: number, y: number): void {
    this.closePopover();
    const page = Number(layer.dataset.page ?? 1);
    this.draftPin = el('div', { class: 'bp-pin bp-pin-draft', style: `left:${x}%;top:${y}%`, 'aria-hidden': 'true' });
    layer.append(this.draftPin);

    const textarea = el('textarea', { class: 'bp-textarea', rows: 3, maxlength: MAX_MESSAGE_LENGTH, placeholder: 'Add a comment', 'aria-label': 'Comment' });
    const error = el('p', { class: 'bp-popover-error', role: 'alert' });
    const post = el('button', { type: 'submit', class: 'bp-btn bp-btn-primary', disabled: true }, ['Post']);
    const cancel = el('button', { type: 'button', class: 'bp-btn' }, ['Cancel']);
    const form = el('form', { class: 'bp-comment-form' }, [textarea, error, el('div', { class: 'bp-popover-actions' }, [cancel, post])]);
    textarea.addEventListener('input', () => {
      post.disabled = textarea.value.trim() === '';
    });
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.closePopover();
        layer.focus({ preventScroll: true });
      }
    });
    cancel.addEventListener('click', () => {
      this.closePopover();
      layer.focus({ preventScroll: true });
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const message = textarea.value.trim();
      if (!message) return;
      post.disabled = true;
      error.textContent = '';
      const requestId = `annotation_${++requestCount}`;
      this.options.events?.emit('annotations_create', { annotation: { description: { message } }, meta: { status: 'pending', requestId } });
      createAnnotation(this.options.api, this.options.file, { page, x, y, message })
        .then((annotation) => {
          this.options.events?.emit('annotations_create', { annotation: { id: annotation.id, description: { message: annotation.message } }, meta: { status: 'success', requestId } });
          this.annotations.push(annotation);
          this.closePopover();
          this.setAnnotating(false);
          this.render();
          // The form is gone: focus the new comment's pin, where the comment now lives.
          this.pinElement(annotation.id)?.focus({ preventScroll: true });
          this.options.announce('Comment added.');
        })
        .catch((failure: unknown) => {
          post.disabled = false;
          error.textContent = `Couldn't post the comment. ${describeError(failure)}`;
        });
    });

    this.popover = new Popover(this.options.root, 'New comment', [form]);
    this.popover.placeNear(this.draftPin);
    textarea.focus();
  }

  private openDetails(annotation: PointAnnotation, pin: HTMLElement): void {
    this.closePopover();
    const when = annotation.createdAt ? new Date(annotation.createdAt) : undefined;
    const header = el('div', { class: 'bp-popover-header' }, [
      el('strong', {}, [annotation.authorName]),
      ...(when && !Number.isNaN(when.getTime())
        ? [el('time', { datetime: annotation.createdAt }, [when.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })])]
        : []),
    ]);
    const message = el('p', { class: 'bp-popover-message' }, [annotation.message]);
    const error = el('p', { class: 'bp-popover-error', role: 'alert' });
    const close = el('button', { type: 'button', class: 'bp-btn' }, ['Close']);
    close.addEventListener('click', () => {
      this.closePopover();
      this.pinElement(annotation.id)?.focus({ preventScroll: true });
    });
    const actions = el('div', { class: 'bp-popover-actions' }, [close]);
    if (annotation.canDelete && this.options.canCreate) {
      const remove = el('button', { type: 'button', class: 'bp-btn bp-btn-danger' }, ['Delete']);
      // Deleting asks first: the first click turns the actions into a confirmation.
      const confirmText = el('p', { class: 'bp-popover-confirm' }, ['Delete this comment? This cannot be undone.']);
      const keep = el('button', { type: 'button', class: 'bp-btn' }, ['Keep']);
      const confirmDelete = el('button', { type: 'button', class: 'bp-btn bp-btn-danger' }, ['Delete comment']);
      // Each swap detaches the clicked button: stop the click before the root's handler
      // takes it for a click outside the popover and closes it.
      keep.addEventListener('click', (event) => {
        event.stopPropagation();
        confirmText.remove();
        actions.replaceChildren(remove, close);
        remove.focus();
      });
      remove.addEventListener('click', (event) => {
        event.stopPropagation();
        actions.before(confirmText);
        actions.replaceChildren(keep, confirmDelete);
        keep.focus();
      });
      confirmDelete.addEventListener('click', () => {
        confirmDelete.disabled = true;
        this.options.events?.emit('annotations_delete', { annotation: { id: annotation.id }, meta: { status: 'pending' } });
        deleteAnnotation(this.options.api, annotation.id)
          .then(() => {
            this.options.events?.emit('annotations_delete', { annotation: { id: annotation.id }, meta: { status: 'success' } });
            this.annotations = this.annotations.filter((candidate) => candidate.id !== annotation.id);
            this.closePopover();
            this.render();
            this.focusStage();
            this.options.announce('Comment deleted.');
          })
          .catch((failure: unknown) => {
            confirmDelete.disabled = false;
            error.textContent = `Couldn't delete the comment. ${describeError(failure)}`;
          });
      });
      actions.prepend(remove);
    }
    this.popover = new Popover(this.options.root, `Comment by ${annotation.authorName}`, [header, message, error, actions]);
    this.popover.placeNear(pin);
    close.focus();
  }

  private pinElement(annotationId: string): HTMLElement | null {
    return this.options.root.querySelector<HTMLElement>(`.bp-pin[data-annotation-id="${CSS.escape(annotationId)}"]`);
  }

  /** Back to the element that takes the viewer's keys (ContentPreview's focusable root). */
  private focusStage(): void {
    this.options.root.closest<HTMLElement>('[tabindex="0"]')?.focus({ preventScroll: true });
  }

  private closePopover(): void {
    this.popover?.remove();
    this.popover = undefined;
    this.draftPin?.remove();
    this.draftPin = undefined;
  }
}
