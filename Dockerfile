# incloud as a container: the npm package built here, installed globally on node:20-slim,
# run as the unprivileged "node" user. AWS credentials come from the environment or the
# task role. Build: docker build -t incloud . ; run: docker run --rm -v $PWD/out:/home/node/out incloud scan --out out
FROM node:20-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund && npm pack --pack-destination /tmp && mv /tmp/incloud-*.tgz /tmp/incloud.tgz

FROM node:20-slim
ENV AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true NODE_ENV=production
COPY --from=build /tmp/incloud.tgz /tmp/incloud.tgz
RUN npm install -g --no-audit --no-fund /tmp/incloud.tgz && rm /tmp/incloud.tgz && npm cache clean --force
USER node
WORKDIR /home/node
ENTRYPOINT ["incloud"]
CMD ["--help"]
