import { el } from '../dom';
import { listenForPinch } from './pinch';
import { bareKey, clampZoom, ZOOM_STEP, type Viewer } from './viewer';

const PAN_STEP = 80;
/** Fit leaves a little air around the artwork. */
const FIT_PADDING = 16;

/**
 * Shows one image: fitted to the stage, zoomable (buttons, keys, Ctrl+wheel,
 * double click) and pannable (drag, wheel, arrow keys) when larger than the stage.
 */
export class ImageViewer implements Viewer {
  private readonly stage: HTMLDivElement;
  private readonly page: HTMLDivElement;
  private readonly image: HTMLImageElement;
  private readonly layer: HTMLDivElement;
  private readonly resizeObserver: ResizeObserver;
  private scale = 1;
  private offsetX = 0;
  private offsetY = 0;
  private fitted = true;
  private loaded = false;
  private destroyed = false;
  private drag: { pointerId: number; x: number; y: number } | undefined;
  private layerCallbacks: Array<() => void> = [];
  private zoomCallbacks: Array<() => void> = [];
  private pinchStartScale: number | undefined;
  private readonly stopPinch: () => void;

  constructor(
    container: HTMLElement,
    private readonly source: () => Promise<string>,
    altText: string,
  ) {
    this.image = el('img', { class: 'bp-image', alt: altText, draggable: 'false' });
    this.layer = el('div', { class: 'bp-layer', 'data-page': 1 });
    this.page = el('div', { class: 'bp-page' }, [this.image, this.layer]);
    this.stage = el('div', { class: 'bp-stage bp-stage-image', 'data-testid': 'bp-stage' }, [this.page]);
    container.append(this.stage);
    this.stage.addEventListener('pointerdown', this.onPointerDown);
    this.stage.addEventListener('pointermove', this.onPointerMove);
    this.stage.addEventListener('pointerup', this.onPointerUp);
    this.stage.addEventListener('pointercancel', this.onPointerUp);
    this.stage.addEventListener('wheel', this.onWheel, { passive: false });
    this.stage.addEventListener('dblclick', this.onDoubleClick);
    // Pinch zooms about the fingers' midpoint; a drag in progress yields to it.
    this.stopPinch = listenForPinch(this.stage, {
      start: () => {
        if (!this.loaded) return;
        this.endDrag();
        this.pinchStartScale = this.scale;
      },
      move: (factor, midpoint) => {
        if (this.pinchStartScale === undefined) return;
        const rect = this.stage.getBoundingClientRect();
        this.zoomAt(this.pinchStartScale * factor, { x: midpoint.x - rect.left, y: midpoint.y - rect.top });
      },
      end: () => {
        this.pinchStartScale = undefined;
      },
    });
    this.resizeObserver = new ResizeObserver(() => this.resize());
  }

  async load(): Promise<void> {
    const src = await this.source();
    await new Promise<void>((resolve, reject) => {
      this.image.onload = () => resolve();
      this.image.onerror = () => reject(new Error('The image could not be loaded.'));
      this.image.src = src;
    });
    if (this.destroyed) return;
    this.loaded = true;
    this.page.classList.add('bp-is-loaded');
    this.fit();
    this.resizeObserver.observe(this.stage);
    for (const callback of this.layerCallbacks) callback();
  }

  isLoaded(): boolean {
    return this.loaded;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  allowNavigationArrows(): boolean {
    return !this.canPan();
  }

  resize(): void {
    if (!this.loaded || this.destroyed) return;
    if (this.fitted) this.fit();
    else this.layout();
  }

  destroy(): void {
    this.destroyed = true;
    this.resizeObserver.disconnect();
    this.stopPinch();
    this.image.removeAttribute('src');
    this.stage.remove();
  }

  fit(): void {
    const { width, height } = this.stageSize();
    const natural = this.naturalSize();
    const fitScale = Math.min(1, (width - FIT_PADDING * 2) / natural.width, (height - FIT_PADDING * 2) / natural.height);
    this.scale = clampZoom(fitScale > 0 ? fitScale : 1);
    this.fitted = true;
    this.offsetX = (width - natural.width * this.scale) / 2;
    this.offsetY = (height - natural.height * this.scale) / 2;
    this.layout();
  }

  zoomIn(): void {
    this.zoomAt(this.scale * ZOOM_STEP);
  }

  zoomOut(): void {
    this.zoomAt(this.scale / ZOOM_STEP);
  }

  zoomPercent(): number {
    return Math.round(this.scale * 100);
  }

  onKeydown(key: string): boolean {
    const bare = bareKey(key);
    if (bare === '+' || bare === '=') this.zoomIn();
    else if (bare === '-' || bare === '_') this.zoomOut();
    else if (bare === '0') this.fit();
    else if (bare.startsWith('Arrow') && this.canPan()) {
      const dx = bare === 'ArrowLeft' ? PAN_STEP : bare === 'ArrowRight' ? -PAN_STEP : 0;
      const dy = bare === 'ArrowUp' ? PAN_STEP : bare === 'ArrowDown' ? -PAN_STEP : 0;
      this.panBy(dx, dy);
    } else return false;
    return true;
  }

  pageLayers(): Array<{ page: number; layer: HTMLElement }> {
    return this.loaded ? [{ page: 1, layer: this.layer }] : [];
  }

  onLayersChanged(callback: () => void): void {
    this.layerCallbacks.push(callback);
  }

  onZoom(callback: () => void): void {
    this.zoomCallbacks.push(callback);
  }

  emit(): void {
    // Point annotations on a single image need no scrolling.
  }

  private naturalSize(): { width: number; height: number } {
    return { width: this.image.naturalWidth || 1, height: this.image.naturalHeight || 1 };
  }

  private stageSize(): { width: number; height: number } {
    return { width: this.stage.clientWidth, height: this.stage.clientHeight };
  }

  private canPan(): boolean {
    const natural = this.naturalSize();
    const { width, height } = this.stageSize();
    return natural.width * this.scale > width || natural.height * this.scale > height;
  }

  /** Zooms keeping the given stage point (default: the centre) still. */
  private zoomAt(nextScale: number, anchor?: { x: number; y: number }): void {
    const { width, height } = this.stageSize();
    const point = anchor ?? { x: width / 2, y: height / 2 };
    const scale = clampZoom(nextScale);
    const ratio = scale / this.scale;
    this.offsetX = point.x - (point.x - this.offsetX) * ratio;
    this.offsetY = point.y - (point.y - this.offsetY) * ratio;
    this.scale = scale;
    this.fitted = false;
    this.layout();
  }

  private panBy(dx: number, dy: number): void {
    this.offsetX += dx;
    this.offsetY += dy;
    this.layout();
  }

  /** Centres an axis smaller than the stage, otherwise keeps the image covering it. */
  private layout(): void {
    const natural = this.naturalSize();
    const { width, height } = this.stageSize();
    const pageWidth = natural.width * this.scale;
    const pageHeight = natural.height * this.scale;
    this.offsetX = pageWidth <= width ? (width - pageWidth) / 2 : Math.min(0, Math.max(width - pageWidth, this.offsetX));
    this.offsetY = pageHeight <= height ? (height - pageHeight) / 2 : Math.min(0, Math.max(height - pageHeight, this.offsetY));
    this.page.style.width = `${pageWidth}px`;
    this.page.style.height = `${pageHeight}px`;
    this.page.style.transform = `translate(${this.offsetX}px, ${this.offsetY}px)`;
    this.stage.classList.toggle('bp-can-pan', this.canPan());
    for (const callback of this.zoomCallbacks) callback();
  }

  private endDrag(): void {
    if (this.drag && this.stage.hasPointerCapture(this.drag.pointerId)) this.stage.releasePointerCapture(this.drag.pointerId);
    this.drag = undefined;
    this.stage.classList.remove('bp-is-panning');
  }

  private readonly onPointerDown = (event: PointerEvent) => {
    if (this.pinchStartScale !== undefined || event.button !== 0 || !this.canPan() || this.stage.classList.contains('bp-is-annotating')) return;
    if ((event.target as Element).closest('button, textarea, .bp-popover')) return;
    this.drag = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
    this.stage.setPointerCapture(event.pointerId);
    this.stage.classList.add('bp-is-panning');
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    if (!this.drag || event.pointerId !== this.drag.pointerId || this.pinchStartScale !== undefined) return;
    this.panBy(event.clientX - this.drag.x, event.clientY - this.drag.y);
    this.drag = { ...this.drag, x: event.clientX, y: event.clientY };
  };

  private readonly onPointerUp = (event: PointerEvent) => {
    if (!this.drag || event.pointerId !== this.drag.pointerId) return;
    this.drag = undefined;
    this.stage.classList.remove('bp-is-panning');
  };

  private readonly onWheel = (event: WheelEvent) => {
    if (!this.loaded) return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      const rect = this.stage.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY / 300);
      this.zoomAt(this.scale * factor, { x: event.clientX - rect.left, y: event.clientY - rect.top });
    } else if (this.canPan()) {
      event.preventDefault();
      this.panBy(-event.deltaX, -event.deltaY);
    }
  };

  private readonly onDoubleClick = (event: MouseEvent) => {
    if (this.stage.classList.contains('bp-is-annotating') || (event.target as Element).closest('button, .bp-popover')) return;
    if (!this.fitted) {
      this.fit();
      return;
    }
    const rect = this.stage.getBoundingClientRect();
    this.zoomAt(this.scale * 2, { x: event.clientX - rect.left, y: event.clientY - rect.top });
  };
}
