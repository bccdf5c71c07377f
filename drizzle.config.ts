import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes SQL migrations from lib/db/schema.ts.
// They are applied at start on PGlite and PostgreSQL alike (lib/db/open-database.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema.ts',
  out: './lib/db/migrations',
});
