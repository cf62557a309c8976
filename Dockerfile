# Puente's production image: the bot by long polling or behind a webhook; PostgreSQL through
# DATABASE_URL (see docs/deploy.md). Build it with `make image` (buildah, no Docker engine needed).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore

# Exactly the pinned, hash-checked dependencies (requirements.lock; `make lock` refreshes it),
# first, so that editing content or code does not reinstall them.
COPY requirements.lock /tmp/build/
RUN pip install --require-hashes --no-deps -r /tmp/build/requirements.lock

# Puente itself with its content and compiled catalogs, installed (not editable) into
# site-packages and owned by root: the runtime user can read it but not change it. Nothing of
# the source tree stays (tests, benchmarks and secrets never enter the build: .dockerignore).
COPY . /tmp/build/
RUN pybabel compile -d /tmp/build/locales -D messages \
    && pip install --no-deps /tmp/build \
    && rm -rf /tmp/build \
    && useradd --system --uid 10001 --create-home --home-dir /var/lib/puente puente

# The only writable place: an SQLite database, if DATABASE_URL does not name PostgreSQL.
USER puente
WORKDIR /var/lib/puente

# Webhook mode (`puente run --webhook URL`) listens on WEBHOOK_PORT; polling needs no port.
EXPOSE 8443
# Database reachable and migrated, content live, the Bot API accepting the token.
HEALTHCHECK --interval=60s --timeout=30s --start-period=60s --retries=3 CMD ["puente", "doctor"]

# Migrate, load the content baked into the image, then run the bot. Both steps take a database
# lock, so replicas starting together apply them once; `puente run --webhook URL` for replicas.
CMD ["sh", "-c", "puente db upgrade && puente seed && exec puente run"]
