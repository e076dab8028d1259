import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The app is served by Tauri from ui/dist; no remote content, no eval.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  // The tests also read the Rust commands (src/lib/api.commands.test.ts), outside ui/.
  server: { port: 5173, strictPort: true, fs: mode === 'test' ? { allow: ['..'] } : undefined },
  build: { target: 'safari15', outDir: 'dist', emptyOutDir: true, sourcemap: false },
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
}));
