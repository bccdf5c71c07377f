/** What Preview (and ContentPreview through `getCurrentViewer()`) needs from a viewer. */
export interface Viewer {
  /** Fetches and renders the first view; resolves when pixels are on screen. */
  load(): Promise<void>;
  isLoaded(): boolean;
  isDestroyed(): boolean;
  allowNavigationArrows(): boolean;
  resize(): void;
  destroy(): void;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  /** Current zoom as a percentage of the natural size. */
  zoomPercent(): number;
  /** Handles a key decoded by ContentPreview (`+`, `ArrowLeft`...); true when consumed. */
  onKeydown(key: string, event?: KeyboardEvent): boolean;
  /** Overlay elements for annotations, one per rendered page, sized like the page. */
  pageLayers(): Array<{ page: number; layer: HTMLElement }>;
  /** Called whenever page layers are added or re-created. */
  onLayersChanged(callback: () => void): void;
  /** Called after the zoom level changes. */
  onZoom(callback: () => void): void;
  /** ContentPreview emits `scrolltoannotation` on the viewer. */
  emit(event: string, data?: unknown): void;
  /** Paged viewers (documents): the page in view and the page count, as Box's page controls show them. */
  pageInfo?(): { current: number; count: number };
  goToPage?(page: number): void;
  onPageChange?(callback: () => void): void;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;
export const ZOOM_STEP = 1.25;

export function clampZoom(scale: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));
}

/** Strips ContentPreview's modifier prefix: `Shift++` → `+`. */
export function bareKey(key: string): string {
  const match = /^(?:Shift|Control|Meta)\+(.+)$/.exec(key);
  return match ? match[1]! : key;
}
