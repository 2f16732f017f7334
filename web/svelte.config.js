import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // RLCOACH_WEB_OUT / RLCOACH_KIT_OUT let a test run build into a private directory while
    // other builds of the shared checkout run (default: build/ and .svelte-kit/).
    adapter: adapter({ out: process.env.RLCOACH_WEB_OUT ?? 'build' }),
    outDir: process.env.RLCOACH_KIT_OUT ?? '.svelte-kit',
    // Uploads go straight to the realtime service; the web app only takes small form posts.
    csrf: { trustedOrigins: [] },
    // Content-Security-Policy on every page: a fresh nonce on each inline script SvelteKit
    // emits, no 'unsafe-inline' for scripts. connect-src gains the realtime origin at run
    // time (src/lib/server/security-headers.ts). Inline style attributes stay allowed.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};
