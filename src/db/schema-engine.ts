// Prisma's schema engine, compiled to WebAssembly, driven through a driver
// adapter. It applies and creates migrations fully offline and keeps Prisma's
// own `_prisma_migrations` bookkeeping, so `prisma migrate deploy` stays valid
// wherever Prisma's native engine is available.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type * as EngineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';

type EngineModule = typeof EngineBindings;

let loaded: Promise<EngineModule> | undefined;

/** Instantiates the engine's wasm once per process, without `--experimental-wasm-modules`. */
function loadEngineModule(): Promise<EngineModule> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const glue: EngineModule = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    // The package does not export its .wasm file; it sits beside the entry point.
    const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return glue;
  })();
  return loaded;
}

export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: { path: string; content: string },
  log: (message: string) => void = () => {},
): Promise<SchemaEngine> {
  const glue = await loadEngineModule();
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  return glue.SchemaEngine.new({ datamodels: [[datamodel.path, datamodel.content]] }, log, adapter);
}
