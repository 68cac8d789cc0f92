#!/usr/bin/env bash
# Installs (Debian packages) and starts what the production-like runs need on this machine:
#   tools/services.sh postgres redis nginx wrk
# PostgreSQL listens on 127.0.0.1:5432 with trust for local TCP (as on the CI machines);
# Redis on 127.0.0.1:6379 without persistence.
set -euo pipefail

apt_install() {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_postgres() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        echo "Installing PostgreSQL from Debian packages..."
        apt_install postgresql postgresql-contrib
        local hba
        hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -n 1)
        sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    fi
    if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
        echo "Starting PostgreSQL..."
        local version
        version=$(ls /etc/postgresql | head -n 1)
        pg_ctlcluster --skip-systemctl-redirect "$version" main start \
            || pg_ctlcluster --skip-systemctl-redirect "$version" main restart
    fi
    for _ in $(seq 1 30); do
        pg_isready -h 127.0.0.1 -p 5432 -q && return 0
        sleep 1
    done
    echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
    return 1
}

ensure_redis() {
    if ! command -v redis-server >/dev/null 2>&1; then
        echo "Installing Redis from Debian packages..."
        apt_install redis-server
    fi
    if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
        echo "Starting Redis..."
        redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no --daemonize yes \
            >/dev/null
        for _ in $(seq 1 30); do
            redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
            sleep 0.2
        done
        echo "Redis did not start on 127.0.0.1:6379" >&2
        return 1
    fi
}

ensure_command() {  # command, Debian package
    command -v "$1" >/dev/null 2>&1 || test -x "/usr/sbin/$1" || {
        echo "Installing $2 from Debian packages..."
        apt_install "$2"
    }
}

for service in "$@"; do
    case "$service" in
        postgres) ensure_postgres ;;
        redis) ensure_redis ;;
        nginx) ensure_command nginx nginx ;;
        wrk) ensure_command wrk wrk ;;
        *) echo "unknown service: $service" >&2; exit 2 ;;
    esac
done
