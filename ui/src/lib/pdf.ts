// The PDF preview inside the window: pdf.js draws each page of the bytes the Rust
// side made onto a canvas (WebKitGTK shows no PDF by itself).
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Draws every page into `container`, `width` CSS pixels wide; returns the page count. */
export async function renderPdf(bytes: ArrayBuffer, container: HTMLElement, width: number): Promise<number> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  container.replaceChildren();
  try {
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const scale = width / page.getViewport({ scale: 1 }).width;
      const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${width}px`;
      canvas.className = 'pdf-page';
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Side ${number} af ${pdf.numPages}`);
      container.append(canvas);
      await page.render({ canvas, viewport }).promise;
    }
    return pdf.numPages;
  } finally {
    await pdf.destroy();
  }
}
