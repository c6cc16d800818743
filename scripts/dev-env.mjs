// `npm run dev`: pretty logs unless LOG_PRETTY is set, without POSIX-only
// `VAR=value command` syntax in package.json (cmd.exe cannot run that).
process.env.LOG_PRETTY ??= 'true';
