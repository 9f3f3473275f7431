# A small image holding the static docket executable and git (for --since).
#
#   docker build -t docket .
#   docker run --rm -v "$PWD:/repo" -w /repo docket validate
#
# Build stage: the Swift toolchain builds a self-contained executable.
FROM swift:6.1-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Scripts ./Scripts
COPY Tests ./Tests
# No .git in the build context: pass the commit, e.g. --build-arg DOCKET_COMMIT=$(git rev-parse --short=12 HEAD).
ARG DOCKET_COMMIT=unknown
RUN DOCKET_COMMIT="$DOCKET_COMMIT" Scripts/build-release.sh /out/docket

# Run stage: Debian without Swift; git and certificates for history checks of cloned repositories.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && git config --system --add safe.directory '*'
COPY --from=build /out/docket /usr/local/bin/docket
RUN docket --version
ENTRYPOINT ["docket"]
CMD ["validate"]
