// Prisma's query compiler is 1.7 MB of WebAssembly that Prisma, at a client's first query,
// decodes from base64 and compiles with `new WebAssembly.Module`: synchronously, on the main
// thread, ~35 ms of a 1-s restart during which nothing else runs (issue 18). Here it is compiled
// on the embedded database's WebAssembly thread (embedded.ts, started before the app loads) or,
// without one, by `WebAssembly.compile`, which V8 runs on its own background threads. The client
// takes the module through Prisma's `configOverride` (database.ts); without one, Prisma's own way.
import { Buffer } from 'node:buffer';
import type { GetPrismaClientConfig } from '@prisma/client/runtime/client';

/**
 * PrismaClient's option (`__internal.configOverride`, typed by Prisma's runtime, not by the
 * generated client) that replaces how its query compiler's module is loaded.
 */
export interface QueryCompilerOption {
  __internal: { configOverride: (config: GetPrismaClientConfig) => GetPrismaClientConfig };
}

/** Compiles the query compiler's WebAssembly on this thread's V8 background threads; undefined if it cannot. */
export async function compileQueryCompilerHere(): Promise<WebAssembly.Module | undefined> {
  try {
    // The module the generated client loads it from (src/generated/prisma/internal/class.ts).
    const { wasm } = await import('@prisma/client/runtime/query_compiler_small_bg.postgresql.wasm-base64.mjs');
    return await WebAssembly.compile(Buffer.from(wasm, 'base64'));
  } catch {
    return undefined;
  }
}

/**
 * PrismaClient's option to take `compiled` (called at the first query) as the query compiler's
 * module, Prisma's own loading when it gives none.
 */
export function compiledQueryCompiler(compiled: () => Promise<WebAssembly.Module | undefined>): QueryCompilerOption {
  return {
    __internal: {
      configOverride: (config) => {
        const own = config.compilerWasm;
        if (!own) return config;
        return { ...config, compilerWasm: { ...own, getQueryCompilerWasmModule: async () => (await compiled()) ?? own.getQueryCompilerWasmModule() } };
      },
    },
  };
}
