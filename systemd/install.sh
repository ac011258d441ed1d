#!/usr/bin/env bash
# Install or upgrade the monitor as a systemd service. Run as root from a checkout:
#
#   sudo systemd/install.sh
#
# It copies the project to /opt/monitor/src, installs it into the virtualenv
# /opt/monitor/.venv, puts the example configuration in /etc/monitor (never overwriting a
# file already there), installs and verifies the units (the daemon's and the web
# dashboard's), and reloads systemd. Running it again upgrades the code and the units and
# leaves the configuration alone. It neither enables, starts nor restarts a service: the
# last lines it prints say how.
#
# Environment: PYTHON (default python3, 3.11 or later), PREFIX (/opt/monitor),
# CONF_DIR (/etc/monitor), UNIT_DIR (/etc/systemd/system).
set -euo pipefail

SRC=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
PREFIX=${PREFIX:-/opt/monitor}
CONF_DIR=${CONF_DIR:-/etc/monitor}
UNIT_DIR=${UNIT_DIR:-/etc/systemd/system}
VENV=$PREFIX/.venv
UNIT=$UNIT_DIR/monitor.service
WEB_UNIT=$UNIT_DIR/monitor-web.service

# The service runs as an unprivileged dynamic user: everything it reads must be readable
# by others, whatever root's own umask is.
umask 022

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

[[ $(id -u) -eq 0 ]] || die "run as root (sudo $0)"
[[ -f $SRC/pyproject.toml && -f $SRC/systemd/monitor.service && -f $SRC/systemd/monitor-web.service ]] ||
    die "$SRC does not look like a monitor checkout"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found; install Python 3.11 or later"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "$PYTHON is older than 3.11"
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null ||
    die "$PYTHON cannot create virtualenvs (on Debian/Ubuntu: apt-get install python3-venv)"
# The virtualenv links to this interpreter, and the unit hides /home and /root.
base=$("$PYTHON" -c 'import sys; print(sys.base_prefix)')
case $base/ in
/home/* | /root/*)
    die "$PYTHON lives in $base, which the service cannot see (ProtectHome=yes); use a system Python such as PYTHON=/usr/bin/python3"
    ;;
esac
systemd_running=false
[[ -d /run/systemd/system ]] && systemd_running=true

say "copying $SRC to $PREFIX/src"
install -d -m 0755 "$PREFIX"
rm -rf -- "$PREFIX/src.new"
install -d -m 0755 "$PREFIX/src.new"
tar -C "$SRC" -cf - \
    --exclude=./.git --exclude=./.venv --exclude=./data --exclude=./build --exclude=./dist \
    --exclude='*.egg-info' --exclude=__pycache__ --exclude=.pytest_cache \
    --exclude=.mypy_cache --exclude=.ruff_cache --exclude=.hypothesis . |
    tar -C "$PREFIX/src.new" --no-same-owner -xf -
rm -rf -- "$PREFIX/src"
mv -- "$PREFIX/src.new" "$PREFIX/src"

if [[ ! -x $VENV/bin/python ]]; then
    say "creating the virtualenv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
say "installing the monitor into $VENV (this downloads its dependencies the first time)"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# --force-reinstall --no-deps: the same version number must still replace the code.
"$VENV/bin/python" -m pip install --quiet --upgrade "$PREFIX/src"
"$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$PREFIX/src"
"$VENV/bin/monitor" --version

say "installing the configuration into $CONF_DIR"
install -d -m 0755 "$CONF_DIR"
# Installs $1 as $2 unless $2 exists; says so when the kept file differs from the shipped one.
install_config() {
    local from=$1 to=$2 mode=$3
    if [[ -e $to ]]; then
        if ! cmp -s -- "$from" "$to"; then
            echo "    kept $to (it differs from the shipped $from)"
        fi
    else
        install -m "$mode" -- "$from" "$to"
        echo "    installed $to"
    fi
}
shipped_config=$(mktemp)
trap 'rm -f -- "$shipped_config"' EXIT
sed -e "s#/etc/monitor/#$CONF_DIR/#g" "$PREFIX/src/systemd/monitor.yaml" >"$shipped_config"
install_config "$shipped_config" "$CONF_DIR/monitor.yaml" 0644
install_config "$PREFIX/src/config/watches.yaml" "$CONF_DIR/watches.yaml" 0644
install_config "$PREFIX/src/config/signals.yaml" "$CONF_DIR/signals.yaml" 0644
install_config "$PREFIX/src/systemd/monitor.env.example" "$CONF_DIR/monitor.env" 0600
install_config "$PREFIX/src/systemd/web.env.example" "$CONF_DIR/web.env" 0600
for secrets in "$CONF_DIR/monitor.env" "$CONF_DIR/web.env"; do
    if [[ -n $(find "$secrets" -perm /0077) ]]; then
        warn "$secrets holds secrets but others can read it: chmod 600 $secrets"
    fi
done

install -d -m 0755 "$UNIT_DIR"
for unit in "$UNIT" "$WEB_UNIT"; do
    say "installing $unit"
    sed -e "s#/opt/monitor/#$PREFIX/#g" -e "s#/etc/monitor/#$CONF_DIR/#g" \
        "$PREFIX/src/systemd/$(basename -- "$unit")" >"$unit.new"
    chmod 0644 "$unit.new"
    mv -- "$unit.new" "$unit"
    if command -v systemd-analyze >/dev/null; then
        say "systemd-analyze verify $unit"
        systemd-analyze verify "$unit"
    else
        warn "systemd-analyze not found: $unit was not verified"
    fi
done

if $systemd_running; then
    say "systemctl daemon-reload"
    systemctl daemon-reload
    say "checking the configuration as the service will see it"
    # The same user and environment file as the unit, so a missing variable or an
    # unreadable file shows up now rather than at start.
    if ! systemd-run --quiet --pipe --wait --collect --service-type=exec \
        -p DynamicUser=yes -p EnvironmentFile=-"$CONF_DIR/monitor.env" \
        "$VENV/bin/monitor" --config "$CONF_DIR/monitor.yaml" rules check; then
        warn "the configuration has problems (listed above); fix them before starting"
    fi
else
    warn "systemd is not running here: skipped daemon-reload and the configuration check"
fi

active=inactive
web_active=inactive
if $systemd_running; then
    active=$(systemctl is-active monitor.service || true)
    web_active=$(systemctl is-active monitor-web.service || true)
fi
cat <<EOF

Installed. Next steps:
  1. Secrets: edit $CONF_DIR/monitor.env (mode 0600), then enable the matching notifiers
     in $CONF_DIR/monitor.yaml and name them in $CONF_DIR/watches.yaml.
  2. Start it now and at every boot:   systemctl enable --now monitor
  3. Follow its log:                   journalctl -u monitor -f
  4. Its state:                        systemctl status monitor
  5. After editing the configuration:  systemctl reload monitor
  6. The web dashboard on 127.0.0.1:8080: systemctl enable --now monitor-web
     (from elsewhere: ssh -L 8080:127.0.0.1:8080 this-host; credentials: $CONF_DIR/web.env)
EOF
if [[ $active == active ]]; then
    echo "  The service is running the previous code: systemctl restart monitor"
fi
if [[ $web_active == active ]]; then
    echo "  The dashboard is running the previous code: systemctl restart monitor-web"
fi
