import { el, icon, ICONS } from './dom';

export interface ToolbarOptions {
  canComment: boolean;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onFit: () => void;
  onToggleComment: () => void;
  /** Documents: previous / next page and a page number field, as in Box's page controls. */
  pages?: { onGoTo: (page: number) => void };
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
  private readonly pageField: HTMLInputElement | undefined;
  private readonly pageCount: HTMLSpanElement | undefined;
  private readonly previousPage: HTMLButtonElement | undefined;
  private readonly nextPage: HTMLButtonElement | undefined;
  private page = { current: 1, count: 1 };

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
    if (options.pages) {
      const { onGoTo } = options.pages;
      this.previousPage = button('Previous page', ICONS.previous, () => onGoTo(this.page.current - 1), { 'data-testid': 'bp-previous-page' });
      this.nextPage = button('Next page', ICONS.next, () => onGoTo(this.page.current + 1), { 'data-testid': 'bp-next-page' });
      this.pageField = el('input', { class: 'bp-page-input', type: 'number', min: 1, inputmode: 'numeric', 'aria-label': 'Page number', 'data-testid': 'bp-page-input' });
      this.pageCount = el('span', { class: 'bp-page-count', 'data-testid': 'bp-page-count' }, ['/ 1']);
      const go = () => {
        const wanted = Number(this.pageField!.value);
        if (Number.isInteger(wanted) && wanted >= 1) onGoTo(Math.min(wanted, this.page.count));
        this.pageField!.value = String(this.page.current);
      };
      this.pageField.addEventListener('change', go);
      this.pageField.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') go();
      });
      groups.unshift(el('div', { class: 'bp-tool-group', role: 'group', 'aria-label': 'Pages' }, [this.previousPage, this.pageField, this.pageCount, this.nextPage]));
    }
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

  setPage(current: number, count: number): void {
    this.page = { current, count };
    if (!this.pageField || !this.pageCount || !this.previousPage || !this.nextPage) return;
    if (document.activeElement !== this.pageField) this.pageField.value = String(current);
    this.pageField.max = String(count);
    this.pageCount.textContent = `/ ${count}`;
    this.pageCount.setAttribute('aria-label', `of ${count} pages`);
    this.previousPage.disabled = current <= 1;
    this.nextPage.disabled = current >= count;
  }

  setCommenting(active: boolean): void {
    this.commentButton?.setAttribute('aria-pressed', String(active));
    this.commentButton?.classList.toggle('bp-is-active', active);
  }
}
