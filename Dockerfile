# flask_jsondash: the example app (and, with another command, the example data server).
# `make dockerize` builds this and starts docker-compose.yml (MongoDB + app + data server).

# 1. The browser libraries, pinned in package-lock.json, installed with Node.
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# 2. The package as a wheel, with the libraries its chart registry names copied into it.
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
COPY --from=assets /src/node_modules ./node_modules
RUN pip install --no-cache-dir build "Flask>=3.0" "jsonschema>=4.18" "pymongo>=4.0,<5" \
    && python scripts/vendor_assets.py \
    && python -m build --wheel --outdir /dist

# 3. What runs: a slim Python, the wheel, gunicorn, and a user that is not root.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CHARTS_ACTIVE_DB=sqlite
WORKDIR /app
COPY --from=build /dist/ /tmp/dist/
RUN pip install --no-cache-dir /tmp/dist/*.whl "gunicorn>=21" "python-dotenv>=1.0" \
    && rm -rf /tmp/dist \
    && useradd --create-home --uid 10001 jsondash
COPY example_app ./example_app
COPY examples ./examples
COPY README.md ./
RUN mkdir -p example_app/instance && chown -R jsondash:jsondash example_app/instance
USER jsondash
EXPOSE 8080 5004
# No SECRET_KEY here: give one at run time (docker-compose.yml requires it; docker run -e
# SECRET_KEY=...). Without it the app (example_app/app_wsgi.py) refuses to start.
# --preload: the app (and its first-run example dashboards) loads once, before the workers.
CMD ["gunicorn", "--preload", "--workers", "2", "--bind", "0.0.0.0:8080", "example_app.app_wsgi:application"]
