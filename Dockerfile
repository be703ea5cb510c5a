# syntax=docker/dockerfile:1
# Action Insight Pilot: production image (docs/guide/deploy.md).
# Every RUN below is a command that CI runs outside Docker on a clean clone
# (.ci/production_build): the build stage is `npm ci && npm run build`, the
# runtime stage is `npm ci --omit=dev` in build/ and `node bin/server.js`.
# Docker itself cannot run on the project's CI machines, so this file is not
# built there; its steps are.

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3333 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /src/build/package.json /src/build/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/build/ ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3333
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3333)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/server.js"]
