import type * as PdfJs from 'pdfjs-dist';
import { el } from '../dom';
import { listenForPinch } from './pinch';
import { bareKey, clampZoom, ZOOM_STEP, type Viewer } from './viewer';

type PdfJsModule = typeof PdfJs;
type PdfDocument = PdfJs.PDFDocumentProxy;

interface PageSlot {
  number: number;
  element: HTMLDivElement;
  layer: HTMLDivElement;
  /** Size at scale 1, in CSS pixels. */
  width: number;
  height: number;
  renderedScale: number;
  task?: PdfJs.RenderTask;
}

/** Width-fit is capped so a document on a wide screen isn't blown up. */
const MAX_FIT_SCALE = 1.25;
const PAGE_GAP = 24;

let pdfjsPromise: Promise<PdfJsModule> | undefined;

/** pdf.js is only fetched for documents, from beside preview.js; its worker too (same origin). */
function loadPdfJs(assetBase: string): Promise<PdfJsModule> {
  pdfjsPromise ??= (import(/* webpackIgnore: true */ `${assetBase}pdf.min.mjs`) as Promise<PdfJsModule>).then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = `${assetBase}pdf.worker.min.mjs`;
    return pdfjs;
  });
  return pdfjsPromise;
}

/** Shows a PDF as a scrolling column of pages, rendering pages as they come into view. */
export class PdfViewer implements Viewer {
  private readonly stage: HTMLDivElement;
  private readonly column: HTMLDivElement;
  private readonly observer: IntersectionObserver;
  private readonly resizeObserver: ResizeObserver;
  private loadingTask: PdfJs.PDFDocumentLoadingTask | undefined;
  private document: PdfDocument | undefined;
  private slots: PageSlot[] = [];
  private scale = 1;
  private fitted = true;
  private loaded = false;
  private destroyed = false;
  private readonly visible = new Set<number>();
  private layerCallbacks: Array<() => void> = [];
  private zoomCallbacks: Array<() => void> = [];
  private pageCallbacks: Array<() => void> = [];
  private currentPage = 1;
  private scrollFrame = 0;
  /** While two fingers pinch: the scale at the start and the live factor (applied as a transform). */
  private pinch: { startScale: number; factor: number } | undefined;
  private readonly stopPinch: () => void;

  constructor(
    container: HTMLElement,
    private readonly fetchBytes: () => Promise<ArrayBuffer>,
    private readonly assetBase: string,
  ) {
    this.column = el('div', { class: 'bp-doc-column' });
    this.stage = el('div', { class: 'bp-stage bp-stage-doc', 'data-testid': 'bp-stage', tabindex: 0, role: 'region', 'aria-label': 'Document pages' }, [this.column]);
    container.append(this.stage);
    this.observer = new IntersectionObserver((entries) => this.onIntersect(entries), { root: this.stage, rootMargin: '200px 0px' });
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.stage.addEventListener('scroll', this.onScroll, { passive: true });
    // Pages re-render once, when the fingers lift; meanwhile the column is scaled as a picture.
    this.stopPinch = listenForPinch(this.stage, {
      start: () => {
        if (!this.loaded) return;
        this.pinch = { startScale: this.scale, factor: 1 };
      },
      move: (factor, midpoint) => {
        if (!this.pinch) return;
        this.pinch.factor = clampZoom(this.pinch.startScale * factor) / this.pinch.startScale;
        const rect = this.column.getBoundingClientRect();
        this.column.style.transformOrigin = `${midpoint.x - rect.left}px ${midpoint.y - rect.top}px`;
        this.column.style.transform = `scale(${this.pinch.factor})`;
      },
      end: () => {
        if (!this.pinch) return;
        const { startScale, factor } = this.pinch;
        this.pinch = undefined;
        this.column.style.transform = '';
        this.column.style.transformOrigin = '';
        if (Math.abs(factor - 1) > 0.01) this.setScale(startScale * factor, false);
      },
    });
  }

  async load(): Promise<void> {
    const [pdfjs, data] = await Promise.all([loadPdfJs(this.assetBase), this.fetchBytes()]);
    this.loadingTask = pdfjs.getDocument({
      data: new Uint8Array(data),
      standardFontDataUrl: `${this.assetBase}standard_fonts/`,
      wasmUrl: `${this.assetBase}wasm/`,
    });
    const document = await this.loadingTask.promise;
    if (this.destroyed) return;
    this.document = document;
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const layer = el('div', { class: 'bp-layer', 'data-page': number });
      const element = el('div', { class: 'bp-page bp-doc-page', 'data-page-number': number, role: 'group', 'aria-label': `Page ${number}` }, [layer]);
      this.slots.push({ number, element, layer, width: viewport.width, height: viewport.height, renderedScale: 0 });
      this.column.append(element);
    }
    this.scale = this.fitScale();
    this.sizePages();
    await this.render(this.slots[0]!);
    this.loaded = true;
    for (const slot of this.slots) this.observer.observe(slot.element);
    this.resizeObserver.observe(this.stage);
    for (const callback of this.layerCallbacks) callback();
    for (const callback of this.pageCallbacks) callback();
  }

  isLoaded(): boolean {
    return this.loaded;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  allowNavigationArrows(): boolean {
    return true;
  }

  resize(): void {
    if (!this.loaded || this.destroyed || !this.fitted) return;
    const next = this.fitScale();
    if (Math.abs(next - this.scale) > 0.01) this.setScale(next, true);
  }

  destroy(): void {
    this.destroyed = true;
    this.observer.disconnect();
    this.resizeObserver.disconnect();
    this.stopPinch();
    cancelAnimationFrame(this.scrollFrame);
    for (const slot of this.slots) slot.task?.cancel();
    void this.loadingTask?.destroy();
    this.stage.remove();
  }

  fit(): void {
    this.setScale(this.fitScale(), true);
  }

  zoomIn(): void {
    this.setScale(this.scale * ZOOM_STEP, false);
  }

  zoomOut(): void {
    this.setScale(this.scale / ZOOM_STEP, false);
  }

  zoomPercent(): number {
    return Math.round(this.scale * 100);
  }

  onKeydown(key: string): boolean {
    const bare = bareKey(key);
    if (bare === '+' || bare === '=') this.zoomIn();
    else if (bare === '-' || bare === '_') this.zoomOut();
    else if (bare === '0') this.fit();
    else if (bare === 'ArrowLeft' || bare === '[') this.goToPage(this.currentPage - 1);
    else if (bare === 'ArrowRight' || bare === ']') this.goToPage(this.currentPage + 1);
    else return false;
    return true;
  }

  pageInfo(): { current: number; count: number } {
    return { current: this.currentPage, count: this.slots.length };
  }

  /** Scrolls the page's top into view (clamped to the document). */
  goToPage(page: number): void {
    const slot = this.slots[Math.min(this.slots.length, Math.max(1, Math.round(page))) - 1];
    if (!slot) return;
    this.stage.scrollTop = slot.element.offsetTop - PAGE_GAP / 2;
    this.setCurrentPage(slot.number);
  }

  onPageChange(callback: () => void): void {
    this.pageCallbacks.push(callback);
  }

  pageLayers(): Array<{ page: number; layer: HTMLElement }> {
    return this.slots.map((slot) => ({ page: slot.number, layer: slot.layer }));
  }

  onLayersChanged(callback: () => void): void {
    this.layerCallbacks.push(callback);
  }

  onZoom(callback: () => void): void {
    this.zoomCallbacks.push(callback);
  }

  emit(): void {
    // Scrolling to an annotation from a sidebar is not used by Easel.
  }

  private setCurrentPage(page: number): void {
    if (page === this.currentPage) return;
    this.currentPage = page;
    for (const callback of this.pageCallbacks) callback();
  }

  /** The page in view: the last one whose top is above the stage's upper third. */
  private readonly onScroll = () => {
    cancelAnimationFrame(this.scrollFrame);
    this.scrollFrame = requestAnimationFrame(() => {
      const line = this.stage.scrollTop + this.stage.clientHeight / 3;
      let page = 1;
      for (const slot of this.slots) if (slot.element.offsetTop <= line) page = slot.number;
      this.setCurrentPage(page);
    });
  };

  private fitScale(): number {
    const first = this.slots[0];
    if (!first) return 1;
    const available = this.stage.clientWidth - PAGE_GAP * 2;
    return clampZoom(Math.min(MAX_FIT_SCALE, available / first.width));
  }

  private setScale(scale: number, fitted: boolean): void {
    const anchor = this.stage.scrollTop / Math.max(1, this.stage.scrollHeight);
    this.scale = clampZoom(scale);
    this.fitted = fitted;
    this.sizePages();
    this.stage.scrollTop = anchor * this.stage.scrollHeight;
    for (const number of this.visible) void this.render(this.slots[number - 1]!);
    for (const callback of this.zoomCallbacks) callback();
  }

  private sizePages(): void {
    for (const slot of this.slots) {
      slot.element.style.width = `${Math.floor(slot.width * this.scale)}px`;
      slot.element.style.height = `${Math.floor(slot.height * this.scale)}px`;
    }
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const number = Number((entry.target as HTMLElement).dataset.pageNumber);
      if (entry.isIntersecting) {
        this.visible.add(number);
        void this.render(this.slots[number - 1]!);
      } else {
        this.visible.delete(number);
      }
    }
  }

  private async render(slot: PageSlot): Promise<void> {
    if (!this.document || this.destroyed || slot.renderedScale === this.scale) return;
    slot.task?.cancel();
    const scale = this.scale;
    const page = await this.document.getPage(slot.number);
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    const canvas = el('canvas', { class: 'bp-doc-canvas' });
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    const task = page.render({
      canvas,
      viewport,
      transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
    });
    slot.task = task;
    try {
      await task.promise;
    } catch (error) {
      if ((error as { name?: string }).name === 'RenderingCancelledException') return;
      throw error;
    }
    if (this.destroyed || scale !== this.scale) return;
    slot.element.querySelector('canvas')?.remove();
    slot.element.prepend(canvas);
    slot.renderedScale = scale;
  }
}
