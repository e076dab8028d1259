// Watches for use of the window (keys, clicks, pointer, scrolling) and calls `onidle`
// once after `minutes` without any. Returns the function that stops watching.
const EVENTS = ['keydown', 'mousedown', 'pointermove', 'wheel', 'touchstart'] as const;

export function startIdleWatch(minutes: number, onidle: () => void, target: Window = window): () => void {
  const limit = minutes * 60_000;
  let timer = setTimeout(onidle, limit);
  const activity = () => {
    clearTimeout(timer);
    timer = setTimeout(onidle, limit);
  };
  EVENTS.forEach((e) => target.addEventListener(e, activity, { passive: true }));
  return () => {
    clearTimeout(timer);
    EVENTS.forEach((e) => target.removeEventListener(e, activity));
  };
}
