/**
 * Two-finger pinch on a touch screen, as Box's Preview handles it: touch
 * events on the viewer, the page's own pinch-zoom prevented while two
 * fingers are down, one-finger scrolling and panning left alone.
 */
export interface PinchHandlers {
  /** Two fingers went down. */
  start(): void;
  /** `factor`: finger distance now / at the start; the midpoint in client coordinates. */
  move(factor: number, midpoint: { x: number; y: number }): void;
  end(): void;
}

function distance(a: Touch, b: Touch): number {
  return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
}

/** Listens on `element`; returns the function that stops listening. */
export function listenForPinch(element: HTMLElement, handlers: PinchHandlers): () => void {
  let startDistance = 0;
  const onStart = (event: TouchEvent) => {
    if (event.touches.length !== 2) return;
    event.preventDefault();
    startDistance = Math.max(1, distance(event.touches[0]!, event.touches[1]!));
    handlers.start();
  };
  const onMove = (event: TouchEvent) => {
    if (!startDistance || event.touches.length !== 2) return;
    event.preventDefault();
    const [a, b] = [event.touches[0]!, event.touches[1]!];
    handlers.move(distance(a, b) / startDistance, { x: (a.clientX + b.clientX) / 2, y: (a.clientY + b.clientY) / 2 });
  };
  const onEnd = (event: TouchEvent) => {
    if (!startDistance || event.touches.length >= 2) return;
    startDistance = 0;
    handlers.end();
  };
  element.addEventListener('touchstart', onStart, { passive: false });
  element.addEventListener('touchmove', onMove, { passive: false });
  element.addEventListener('touchend', onEnd);
  element.addEventListener('touchcancel', onEnd);
  return () => {
    element.removeEventListener('touchstart', onStart);
    element.removeEventListener('touchmove', onMove);
    element.removeEventListener('touchend', onEnd);
    element.removeEventListener('touchcancel', onEnd);
  };
}
