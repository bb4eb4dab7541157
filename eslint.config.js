// ESLint 9 flat config: typescript-eslint's type-aware recommended rules over broker/, lib/, cli/ and test/.
// One TypeScript program (test/tsconfig.json includes every source folder and the tests) keeps lint fast.
import eslint from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', '.concord/', 'coverage/', 'docs/', 'test/fixtures/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./test/tsconfig.json', './broker/ui/client/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // a leading underscore marks a parameter a signature requires (Express's 4-argument error handler) or a
      // binding destructured only to leave it out of the rest object
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Migrations are frozen in time on Kysely<any> (docs/architecture.md): they must not see today's Database type,
    // and Kysely's Migrator takes the same Kysely<any>.
    files: ['broker/db/migrations/**/*.ts', 'broker/db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read untyped JSON (supertest's res.body, pact files, HAL responses) and assert its shape with expect();
    // typing every body would restate the assertions. Callbacks handed to APIs that take a promise-returning
    // function (state handlers, executeTest) are written async without an await, and a throw in them must reject.
    // The promise, unused-code and other rules still apply to tests.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // plain JavaScript config files are outside the TypeScript program
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
)
