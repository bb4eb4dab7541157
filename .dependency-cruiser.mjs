// The import rules of docs/architecture.md, checked by dependency-cruiser (`npm run check:imports`).
// Every exception is named here with the reason, and listed in docs/architecture.md.

// the version-order writers: see the versions-lock-pacticipant-row exception below
const VERSION_ORDER_WRITERS = '^broker/versions/(versions|version-order)\\.service\\.ts$'

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'lib-not-to-broker-or-cli',
      comment: 'lib/ is the testing library: it talks to the broker over HTTP only, and knows nothing of the CLI.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(broker|cli)/' },
    },
    {
      name: 'broker-not-to-lib-or-cli',
      comment: 'broker/ is the HTTP service: it shares nothing with the library or the CLI at run time.',
      severity: 'error',
      from: { path: '^broker/' },
      to: { path: '^(lib|cli)/' },
    },
    {
      name: 'cli-only-to-broker-client-and-errors',
      comment: 'cli/ uses the library only through its broker client and its errors.',
      severity: 'error',
      from: { path: '^cli/' },
      to: { path: '^lib/', pathNot: '^lib/(broker-client/|errors\\.ts$)' },
    },
    {
      name: 'cli-not-to-broker',
      comment: 'cli/ talks to a broker over HTTP; the one command that starts a broker in-process loads broker/ by dynamic import.',
      severity: 'error',
      from: { path: '^cli/' },
      to: { path: '^broker/', dynamic: false },
    },
    {
      name: 'cli-broker-only-from-broker-command',
      comment:
        'Exception (docs/architecture.md): cli/commands/broker/index.ts (`concord broker`, `concord broker migrate`) ' +
        'imports broker/ lazily, so no other command loads the broker or its database drivers.',
      severity: 'error',
      from: { path: '^cli/', pathNot: '^cli/commands/broker/index\\.ts$' },
      to: { path: '^broker/' },
    },
    {
      name: 'cli-loads-broker-command-lazily',
      comment: 'The command table loads the broker command module by dynamic import as well.',
      severity: 'error',
      from: { path: '^cli/', pathNot: '^cli/commands/broker/' },
      to: { path: '^cli/commands/broker/index\\.ts$', dynamic: false },
    },
    {
      name: 'migrations-import-nothing-from-broker',
      comment: 'Migrations are frozen in time on Kysely<any>: they import kysely only, never the domains they predate.',
      severity: 'error',
      from: { path: '^broker/db/migrations/' },
      to: { path: '^broker/', pathNot: '^broker/db/migrations/' },
    },
    {
      name: 'no-circular-in-broker',
      comment: 'Broker modules form a tree of layers: a cycle means two modules that should be one, or a misplaced rule.',
      severity: 'error',
      from: { path: '^broker/' },
      to: { circular: true },
    },
    {
      name: 'repository-only-from-own-domain',
      comment:
        "A service calls other domains' services, never their repositories (docs/architecture.md). matrix.repository.ts " +
        'reads across every table read-only, but through the table types, not through other repositories.',
      severity: 'error',
      from: { path: '^broker/([^/]+)/', pathNot: ['\\.test\\.ts$', VERSION_ORDER_WRITERS] },
      to: { path: '^broker/[^/]+/.*\\.repository\\.ts$', pathNot: '^broker/$1/' },
    },
    {
      name: 'versions-lock-pacticipant-row',
      comment:
        'Exception (docs/architecture.md): versions/ locks and updates the pacticipant row through pacticipants.repository when it ' +
        'changes the version order; pacticipants.service already calls version-order.service, so going through the service would ' +
        'make the two services import each other. No other repository of another domain.',
      severity: 'error',
      from: { path: VERSION_ORDER_WRITERS },
      to: { path: '^broker/[^/]+/.*\\.repository\\.ts$', pathNot: '^broker/(versions/|pacticipants/pacticipants\\.repository\\.ts$)' },
    },
    {
      name: 'repository-not-from-outside-domains',
      comment: 'Routes, app wiring and http/ reach the data through services, never through a repository.',
      severity: 'error',
      from: { path: '^broker/[^/]+\\.ts$' },
      to: { path: '\\.repository\\.ts$' },
    },
    {
      name: 'shipped-code-not-to-dev-dependencies',
      comment:
        'What the package ships (broker/, lib/, cli/ compiled into dist/) runs where only `dependencies` are installed: a team ' +
        "installs concord-contracts without Concord's devDependencies. Type-only imports vanish at compile time; the pages' " +
        'client scripts and their build script are bundled at build time (esbuild), so they may use devDependencies.',
      severity: 'error',
      from: { path: '^(broker|lib|cli)/', pathNot: ['\\.test\\.tsx?$', '^broker/ui/client/', '^broker/ui/build-assets\\.ts$'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shipped-code-not-to-undeclared-packages',
      comment: 'Every package the shipped code imports is declared in package.json (not merely present in node_modules).',
      severity: 'error',
      from: { path: '^(broker|lib|cli)/', pathNot: ['\\.test\\.tsx?$'] },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules stays in the graph (not followed) so the rules can see which packages the code imports
    exclude: { path: '^(dist|docs)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'test/tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.json'],
    },
  },
}
