# syntax=docker/dockerfile:1
# Hostwatch server image: `docker compose up` (compose.yaml) or
#   docker build -t hostwatch . && docker run -p 3000:3000 -v hostwatch-data:/data -e NEXTAUTH_SECRET=… hostwatch
# The server is the standalone build (npm run build:standalone): only the files it traced, run by a non-root
# user, its embedded store in the /data volume. NODE_IMAGE picks the base (any image with node ≥ 20 and a shell).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# The toolchain builds better-sqlite3 where no prebuilt binary fits the base.
RUN if command -v apt-get >/dev/null; then apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*; fi
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:standalone

FROM ${NODE_IMAGE} AS runtime-base
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000 HOSTWATCH_DATA_DIR=/data
# A fixed uid rather than a named user: base images differ in which user tools they ship.
RUN mkdir -p /data && chown 10001:10001 /data && chmod 0700 /data
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
USER 10001:10001
CMD ["node", "server.js"]

# `--target prebuilt`: the image around a standalone build made outside it (npm run build:standalone on a
# machine with the same libc and Node major as NODE_IMAGE), for builders that cannot run npm ci in a container.
FROM runtime-base AS prebuilt
COPY --chown=0:0 .next-standalone/standalone/ ./

# The default: built from source inside the image.
FROM runtime-base AS runtime
COPY --from=build --chown=0:0 /src/.next-standalone/standalone/ ./
