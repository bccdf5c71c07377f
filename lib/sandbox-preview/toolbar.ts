import { el, icon, ICONS } from './dom';

export interface ToolbarOptions {
  canComment: boolean;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onFit: () => void;
  onToggleComment: () => void;
}

function button(label: string, path: string, onClick: () => void, extra: Record<string, string> = {}): HTMLButtonElement {
  const element = el('button', { type: 'button', class: 'bp-tool', 'aria-label': label, title: label, ...extra }, [icon(path)]);
  element.addEventListener('click', onClick);
  return element;
}

/**
 * The floating control bar: zoom, fit and (with annotation_edit) comment.
 * Download and print live in ContentPreview's header, as with Box's Preview.
 */
export class Toolbar {
  readonly element: HTMLDivElement;
  private readonly zoomLabel: HTMLOutputElement;
  private readonly commentButton: HTMLButtonElement | undefined;

  constructor(options: ToolbarOptions) {
    this.zoomLabel = el('output', { class: 'bp-zoom-label', 'aria-live': 'off', 'aria-label': 'Zoom level' }, ['100%']);
    const groups: HTMLElement[] = [
      el('div', { class: 'bp-tool-group' }, [
        button('Zoom out', ICONS.zoomOut, options.onZoomOut, { 'data-testid': 'bp-zoom-out' }),
        this.zoomLabel,
        button('Zoom in', ICONS.zoomIn, options.onZoomIn, { 'data-testid': 'bp-zoom-in' }),
        button('Fit to screen', ICONS.fit, options.onFit, { 'data-testid': 'bp-fit' }),
      ]),
    ];
    if (options.canComment) {
      this.commentButton = button('Add comment', ICONS.comment, options.onToggleComment, {
        'aria-pressed': 'false',
        'data-testid': 'bp-add-comment',
      });
      groups.push(el('div', { class: 'bp-tool-group' }, [this.commentButton]));
    }
    this.element = el('div', { class: 'bp-toolbar', role: 'toolbar', 'aria-label': 'Preview controls' }, groups);
  }

  setZoom(percent: number): void {
    this.zoomLabel.textContent = `${percent}%`;
  }

  setCommenting(active: boolean): void {
    this.commentButton?.setAttribute('aria-pressed', String(active));
    this.commentButton?.classList.toggle('bp-is-active', active);
  }
}
