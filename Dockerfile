# Puente's production image: the bot with long polling (or a webhook), PostgreSQL via DATABASE_URL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# Dependencies first, so editing content or code does not reinstall them.
COPY pyproject.toml README.md ./
COPY bot/__init__.py bot/
COPY intents/__init__.py intents/
COPY db/__init__.py db/
RUN pip install -e .

COPY . .
RUN pybabel compile -d locales -D messages \
    && useradd --create-home --uid 10001 puente \
    && chown -R puente /app
USER puente

# Migrate, load the content files baked into the image, then run the bot.
CMD ["sh", "-c", "puente db upgrade && puente seed && exec puente run"]
