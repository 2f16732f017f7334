#!/usr/bin/env bash
# Idempotent service bring-up for a Debian box: installs Postgres, Redis and
# Chromium with apt-get when missing, starts them when stopped, and creates the
# rlcoach role and databases. Sourced by start.sh, test.sh and bench.sh.

log() { printf '\033[1;34m[rlcoach]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[rlcoach]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq >&2; APT_UPDATED=1; fi
  log "installing $* with apt-get"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >&2
}

PG_HOST="${PGHOST_OVERRIDE:-127.0.0.1}"
PG_PORT="${PGPORT_OVERRIDE:-5432}"

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }

# Run SQL as a Postgres superuser: trust auth over TCP when allowed, else peer auth as the postgres OS user.
pg_super() {
  if psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1 </dev/null; then
    psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tA "$@"
  else
    as_root runuser -u postgres -- psql -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -tA "$@"
  fi
}

ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null && ! command -v postgres >/dev/null; then
    apt_install postgresql postgresql-client
  fi
  if ! pg_ready; then
    log "starting Postgres"
    local v
    v=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
    [ -n "$v" ] || die "Postgres is installed but no cluster exists in /etc/postgresql"
    as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start >&2 || true
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
    pg_ready || die "Postgres did not come up on $PG_HOST:$PG_PORT"
  fi
  # Role and databases (a password so a fresh box's scram auth on 127.0.0.1 also works).
  pg_super -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='rlcoach') THEN CREATE ROLE rlcoach LOGIN CREATEDB PASSWORD 'rlcoach'; END IF; END\$\$;" >/dev/null
  local db
  for db in "$@"; do
    if [ "$(pg_super -c "SELECT 1 FROM pg_database WHERE datname='$db'")" != "1" ]; then
      log "creating database $db"
      pg_super -c "CREATE DATABASE \"$db\" OWNER rlcoach" >/dev/null
    fi
  done
}

redis_ready() { redis-cli -h 127.0.0.1 -p "${REDIS_PORT_OVERRIDE:-6379}" ping 2>/dev/null | grep -q PONG; }

ensure_redis() {
  # Already answering (a CI service container, a shared server): nothing to install or start.
  redis_ready && return 0
  command -v redis-server >/dev/null || apt_install redis-server
  if ! redis_ready; then
    log "starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    # noeviction: BullMQ must never lose queue keys to memory pressure; AOF keeps queued jobs across a restart.
    as_root redis-server --daemonize yes --bind 127.0.0.1 --port "${REDIS_PORT_OVERRIDE:-6379}" \
      --maxmemory-policy noeviction --appendonly yes --dir /var/lib/redis --logfile /var/log/redis/rlcoach.log >&2
    for _ in $(seq 1 20); do redis_ready && break; sleep 0.5; done
    redis_ready || die "Redis did not come up on 127.0.0.1:${REDIS_PORT_OVERRIDE:-6379}"
  fi
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

# The export tests check our ZIP writer with the reference `unzip -t`.
ensure_unzip() {
  command -v unzip >/dev/null || apt_install unzip
}

# The security and proxy tests run a real nginx on loopback (the shipped config, and one in front of
# web and realtime); no nginx service is started here.
ensure_nginx() {
  command -v nginx >/dev/null || apt_install nginx-light
}

# The production-files test resolves docker-compose.prod.yml with `compose config` (no engine
# needed) and reads the result with PyYAML.
ensure_compose() {
  docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || apt_install docker-compose
  python3 -c 'import yaml' 2>/dev/null || apt_install python3-yaml
}

# backup.sh / restore.sh and their test use pg_dump, pg_restore and psql.
ensure_pg_client() {
  command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || apt_install postgresql-client
}

# Install node_modules when missing or older than the lockfile.
ensure_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dependencies"
    npm ci --no-audit --no-fund >&2 || npm install --no-audit --no-fund >&2
  fi
}
