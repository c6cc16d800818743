// json-mask ships no types; the fake Google uses its one function for Google's `fields`.
declare module 'json-mask' {
  export default function mask<T>(object: T, fields: string): Partial<T> | null;
}
