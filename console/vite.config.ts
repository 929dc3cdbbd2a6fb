// Vite config for the web console (`npm run build:console` → console/dist). No import of 'vite':
// Vite is installed beside Node in .tools/vite (see scripts/lib/node.sh), not in node_modules.
// JSX is compiled by Vite's esbuild for Preact; preact and uplot come from the root node_modules.
export default {
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' } },
};
