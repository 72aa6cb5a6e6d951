# syntax=docker/dockerfile:1
# Build stage: install the project and its dependencies into a virtual environment.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY lrc_rules ./lrc_rules
COPY lrc_api ./lrc_api
COPY migrations ./migrations
RUN /opt/venv/bin/pip install .

# Runtime stage: the virtual environment and the migrations, run as a non-root user.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 LRC_ENV=production LRC_DATA_DIR=/data
RUN useradd --system --uid 10001 --home /app lrc && mkdir -p /data && chown lrc /data
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/migrations ./migrations
USER lrc
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
# `lrc serve` applies the migrations, then serves.
CMD ["lrc", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
