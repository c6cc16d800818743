# Calendar Stacker's container image. Two stages: the build stage has the
# devDependencies (TypeScript, the Prisma CLI) and makes dist/; the runtime
# stage holds production dependencies and what `node dist/main.js` loads.
# tests/deploy/image.deploy.ts performs these same steps without Docker: keep
# every step here one that the test can read and run (COPY, RUN, ENV, CMD...).

FROM node:22-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so a source change does not reinstall them. `prepare`
# (the build) needs src/, which is not copied yet: scripts are skipped here and
# the build runs below. No production dependency has an install script.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:22-bookworm-slim AS runtime
# MALLOC_ARENA_MAX and the node flags in CMD are npm start's memory settings
# (package.json; README, "Memory"): keep the three alike.
ENV NODE_ENV=production DATA_DIR=/data PORT=3000 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/scripts/build.mjs ./scripts/build.mjs
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/dist ./dist
# --omit=optional as well: @prisma/client names the Prisma CLI and TypeScript
# as optional peer dependencies, which npm otherwise installs (~250 MB).
# `prepare` runs scripts/build.mjs, which only checks that dist/ is there.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
# The embedded database (and its generated encryption key) lives in DATA_DIR.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: it drains in-flight work, then exits.
STOPSIGNAL SIGTERM
CMD ["node", "--liftoff-only", "--max-semi-space-size=2", "--heap-growing-percent=50", "dist/main.js"]
