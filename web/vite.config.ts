import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';

// Server-only workspace packages (and the ORM) stay external in the SSR bundle and are
// resolved from their dist/ at run time. The parser is pure TypeScript: it is bundled
// from source for the browser (and for SSR of the pages that import it).

export default defineConfig({
  plugins: [sveltekit()],
  resolve: { conditions: ['@rlcoach/source', ...defaultClientConditions] },
  ssr: {
    external: ['@rlcoach/db'],
    resolve: { conditions: ['@rlcoach/source', ...defaultServerConditions] },
  },
});
