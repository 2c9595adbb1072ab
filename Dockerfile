# One image for every process of the system (api, worker, vneid-mock, cli); docker-compose.yml picks the command.
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:26-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/libs/geography/data ./libs/geography/data
COPY --from=build /app/libs/learning/data ./libs/learning/data
COPY --from=build /app/libs/certificates/assets ./libs/certificates/assets
USER node
CMD ["node", "--enable-source-maps", "--max-old-space-size=512", "--max-semi-space-size=16", "dist/apps/api/src/main.js"]
