// Type of the module Prisma's generated client loads its query compiler from (query-compiler-wasm.ts).
declare module '@prisma/client/runtime/query_compiler_small_bg.postgresql.wasm-base64.mjs' {
  /** The WebAssembly, base64. */
  export const wasm: string;
}
