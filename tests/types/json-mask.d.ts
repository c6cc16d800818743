// json-mask ships no types; the fake Google uses it for Google's `fields`.
declare module 'json-mask' {
  /** A `fields` expression compiled once, for `filter` to apply to many objects. */
  export type CompiledMask = Record<string, unknown>;
  interface Mask {
    <T>(object: T, fields: string): Partial<T> | null;
    compile(fields: string): CompiledMask;
    filter<T>(object: T, compiled: CompiledMask): Partial<T> | null;
  }
  const mask: Mask;
  export default mask;
}
