#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# SMTP load: Postfix's smtp-source against mailwire's SmtpServer (a discarding handler, and
# delivery to the in-memory store), Postfix's smtp-sink, GreenMail and SubEthaSMTP, each at
# SESSIONS concurrent sessions and SIZES message sizes, MESSAGES messages per run (one message
# per connection, as smtp-source does by default), after WARMUP unmeasured messages per server
# (1 KB, 20 sessions) so that the JVMs have compiled their hot paths. Prints a table of messages per second and
# each Java server's heap in use after a full collection at the end of its runs.
#
#   benchmarks/smtp-load.sh                       # defaults below
#   MESSAGES=500 SESSIONS="20" SIZES="1024" benchmarks/smtp-load.sh
#
# It installs Postfix's tools if missing (Debian, "No configuration": the Postfix daemon is
# never configured or started) and builds benchmarks/target/benchmarks.jar if missing.
set -euo pipefail

MESSAGES=${MESSAGES:-2000}
WARMUP=${WARMUP:-1000}
SESSIONS=${SESSIONS:-"20 100"}
SIZES=${SIZES:-"1024 10240 102400"}
SERVERS=${SERVERS:-"smtp-sink mailwire-discard mailwire-store greenmail subethasmtp"}
PORT=${PORT:-42525}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx1g"}

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/benchmarks/target/benchmarks.jar"
work=$(mktemp -d)
server_pid=""

cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v smtp-source >/dev/null || ! command -v smtp-sink >/dev/null; then
    echo "installing Postfix's smtp-source and smtp-sink (no configuration, daemon not started)" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix >/dev/null
fi
if [ ! -f "$jar" ]; then
    (cd "$root" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
fi

wait_for_port() {
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "server on port $PORT did not start" >&2
    return 1
}

start_server() {
    local kind=$1
    if [ "$kind" = smtp-sink ]; then
        # -u: smtp-sink refuses to keep root privileges; 1024: the listen backlog.
        smtp-sink -u nobody "127.0.0.1:$PORT" 1024 >"$work/$kind.log" 2>&1 &
    else
        # shellcheck disable=SC2086
        java $JAVA_OPTS -cp "$jar" org.mailwire.bench.smtp.SmtpLoadServer "$kind" "$PORT" >"$work/$kind.log" 2>&1 &
    fi
    server_pid=$!
    wait_for_port
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

printf '%-18s %8s %8s %10s %12s\n' server sessions size messages msgs_per_s
results="$work/results"
for kind in $SERVERS; do
    start_server "$kind"
    smtp-source -s 20 -l 1024 -m "$WARMUP" -f sender@example.test -t bench@example.test "127.0.0.1:$PORT" \
        >/dev/null 2>&1 || echo "warm-up against $kind failed" >&2
    for sessions in $SESSIONS; do
        for size in $SIZES; do
            start=$(date +%s%N)
            if ! smtp-source -s "$sessions" -l "$size" -m "$MESSAGES" -f sender@example.test \
                    -t bench@example.test "127.0.0.1:$PORT" >"$work/source.log" 2>&1; then
                echo "smtp-source failed against $kind:" >&2
                tail -5 "$work/source.log" >&2
            fi
            end=$(date +%s%N)
            rate=$(awk -v n="$MESSAGES" -v ns=$((end - start)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
            printf '%-18s %8s %8s %10s %12s\n' "$kind" "$sessions" "$size" "$MESSAGES" "$rate" | tee -a "$results"
        done
    done
    stop_server
    heap=$(awk '/heap-after-gc-mib/ { print $2 }' "$work/$kind.log")
    echo "$kind heap after GC: ${heap:-n/a} MiB" >>"$work/heaps"
done
echo
cat "$work/heaps"
